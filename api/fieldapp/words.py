"""Every word of the field app, in Vietnamese (the default), Lao and English: one table,
handed to the app as ``/field/words.json``.

Keys are the app's own; ``kind.value`` keys (``condition.intact``, ``status.in_repair``) are
the titles of stored values. ``{name}`` marks a figure the app fills in; every language of a
key has the same ones (tests/test_field_app.py checks the table is complete).
"""

from __future__ import annotations

from functools import cache

import orjson

LANGS = ("vi", "lo", "en")

# key -> (vi, lo, en)
WORDS: dict[str, tuple[str, str, str]] = {
    # --- the frame of every screen --------------------------------------------------------
    "app_name": ("Cột mốc — ứng dụng thực địa Biên phòng",
                 "ຫຼັກໝາຍ — ແອັບພາກສະໜາມປ້ອງກັນຊາຍແດນ",
                 "Cột mốc — border guard field app"),
    "app_short_name": ("Cột mốc", "ຫຼັກໝາຍ", "Cột mốc"),
    "app_title": ("Cột mốc — Biên phòng", "ຫຼັກໝາຍ — ປ້ອງກັນຊາຍແດນ", "Cột mốc — Border guard"),
    "tab_markers": ("Mốc", "ຫຼັກໝາຍ", "Markers"),
    "tab_map": ("Bản đồ", "ແຜນທີ່", "Map"),
    "tab_patrol": ("Tuần tra", "ລາດຕະເວນ", "Patrol"),
    "tab_damage": ("Hư hỏng", "ຄວາມເສຍຫາຍ", "Damage"),
    "tab_outbox": ("Chờ gửi", "ລໍຖ້າສົ່ງ", "Outbox"),
    "online": ("Có mạng", "ມີເຄືອຂ່າຍ", "Online"),
    "offline": ("Mất mạng", "ບໍ່ມີເຄືອຂ່າຍ", "Offline"),
    "outbox_badge": ("Chờ gửi: {count}", "ລໍຖ້າສົ່ງ: {count}", "Outbox: {count}"),
    "offline_banner": (
        "Không có mạng. Mọi bản ghi được lưu trên máy và sẽ tự gửi khi có mạng.",
        "ບໍ່ມີເຄືອຂ່າຍ. ທຸກບັນທຶກຖືກເກັບໄວ້ໃນເຄື່ອງ ແລະ ຈະຖືກສົ່ງເອງເມື່ອມີເຄືອຂ່າຍ.",
        "No network. Every record is kept on this phone and goes out by itself when the "
        "network returns."),
    "session_expired": (
        "Phiên đăng nhập đã hết hạn. Bản ghi vẫn được giữ trên máy; hãy đăng nhập lại để gửi.",
        "ການເຂົ້າສູ່ລະບົບໝົດອາຍຸແລ້ວ. ບັນທຶກຍັງຖືກເກັບໄວ້ໃນເຄື່ອງ; ກະລຸນາເຂົ້າສູ່ລະບົບຄືນເພື່ອສົ່ງ.",
        "Your session has expired. Your records are kept on this phone; sign in again to "
        "send them."),
    "storage_low": (
        "Bộ nhớ máy sắp đầy: hãy gửi các bản ghi đang chờ hoặc giải phóng bộ nhớ trước khi "
        "chụp thêm ảnh.",
        "ບ່ອນເກັບຂໍ້ມູນໃນເຄື່ອງໃກ້ເຕັມແລ້ວ: ກະລຸນາສົ່ງບັນທຶກທີ່ລໍຖ້າ ຫຼື ເພີ່ມບ່ອນວ່າງ ກ່ອນຖ່າຍຮູບຕື່ມ.",
        "Storage is nearly full: send the waiting records or free some space before taking "
        "more photos."),
    "install": ("Cài ứng dụng lên màn hình chính", "ຕິດຕັ້ງແອັບໃສ່ໜ້າຈໍຫຼັກ",
                "Install on the home screen"),
    # --- sign-in --------------------------------------------------------------------------
    "sign_in_title": ("Đăng nhập", "ເຂົ້າສູ່ລະບົບ", "Sign in"),
    "sign_in": ("Đăng nhập", "ເຂົ້າສູ່ລະບົບ", "Sign in"),
    "sign_out": ("Đăng xuất", "ອອກຈາກລະບົບ", "Sign out"),
    "username": ("Tên đăng nhập", "ຊື່ຜູ້ໃຊ້", "User name"),
    "password": ("Mật khẩu", "ລະຫັດຜ່ານ", "Password"),
    "signed_in": ("Đã đăng nhập: {user}", "ເຂົ້າສູ່ລະບົບແລ້ວ: {user}", "Signed in as {user}"),
    "sign_in_failed": ("Đăng nhập không thành công: {reason}",
                       "ເຂົ້າສູ່ລະບົບບໍ່ສຳເລັດ: {reason}", "Sign-in failed: {reason}"),
    "sign_in_offline": ("Cần có mạng để đăng nhập.", "ຕ້ອງມີເຄືອຂ່າຍເພື່ອເຂົ້າສູ່ລະບົບ.",
                        "Signing in needs the network."),
    "others_waiting": (
        "Trên máy này còn bản ghi chờ gửi của: {list}. Chúng sẽ được gửi khi người đó đăng nhập.",
        "ໃນເຄື່ອງນີ້ຍັງມີບັນທຶກລໍຖ້າສົ່ງຂອງ: {list}. ຈະຖືກສົ່ງເມື່ອຜູ້ນັ້ນເຂົ້າສູ່ລະບົບ.",
        "Records waiting on this phone for: {list}. They go out when that person signs in."),
    # --- markers and the due list ---------------------------------------------------------
    "markers_title": ("Mốc quốc giới", "ຫຼັກໝາຍຊາຍແດນ", "Boundary markers"),
    "position_is": ("Vị trí của bạn: {lat}, {lon} (sai số ± {accuracy})",
                    "ຕຳແໜ່ງຂອງທ່ານ: {lat}, {lon} (ຄວາມຄາດເຄື່ອນ ± {accuracy})",
                    "Your position: {lat}, {lon} (± {accuracy})"),
    "position_none": ("Chưa có vị trí", "ຍັງບໍ່ມີຕຳແໜ່ງ", "No position yet"),
    "position_failed": ("Không lấy được vị trí: {reason}", "ບໍ່ສາມາດຮັບຕຳແໜ່ງໄດ້: {reason}",
                        "Could not get the position: {reason}"),
    "locate": ("Cập nhật vị trí", "ອັບເດດຕຳແໜ່ງ", "Update position"),
    "data_as_of": ("Dữ liệu trên máy cập nhật lúc {when}", "ຂໍ້ມູນໃນເຄື່ອງອັບເດດເມື່ອ {when}",
                   "Data on this phone as of {when}"),
    "data_none": ("Chưa có dữ liệu trên máy: hãy mở ứng dụng một lần khi có mạng.",
                  "ຍັງບໍ່ມີຂໍ້ມູນໃນເຄື່ອງ: ກະລຸນາເປີດແອັບໜຶ່ງຄັ້ງເມື່ອມີເຄືອຂ່າຍ.",
                  "No data on this phone yet: open the app once with the network."),
    "due_title": ("Đến hạn kiểm tra trong {within} ngày: {count} mốc",
                  "ຮອດກຳນົດກວດກາພາຍໃນ {within} ວັນ: {count} ຫຼັກ",
                  "Due for inspection within {within} days: {count} markers"),
    "due_none": ("Không có mốc nào đến hạn.", "ບໍ່ມີຫຼັກໝາຍທີ່ຮອດກຳນົດ.", "No marker is due."),
    "due": ("Đến hạn", "ຮອດກຳນົດ", "Due"),
    "overdue": ("Quá hạn", "ເກີນກຳນົດ", "Overdue"),
    "other_markers_by_distance": ("Các mốc khác, gần nhất trước",
                                  "ຫຼັກໝາຍອື່ນໆ, ໃກ້ທີ່ສຸດກ່ອນ", "Other markers, nearest first"),
    "other_markers_by_chainage": ("Các mốc khác, theo lý trình", "ຫຼັກໝາຍອື່ນໆ, ຕາມໄລຍະທາງ",
                                  "Other markers, along the line"),
    "last_inspected": ("kiểm tra lần cuối {when}", "ກວດກາຄັ້ງສຸດທ້າຍ {when}",
                       "last inspected {when}"),
    "inspect": ("Kiểm tra", "ກວດກາ", "Inspect"),
    "report_damage": ("Báo hư hỏng", "ລາຍງານຄວາມເສຍຫາຍ", "Report damage"),
    # --- the map --------------------------------------------------------------------------
    "map_title": ("Bản đồ", "ແຜນທີ່", "Map"),
    "map_offline_note": (
        "Khi mất mạng, bản đồ nền chỉ hiện những vùng đã xem trước đó; mốc và đường biên giới "
        "vẫn hiện đủ.",
        "ເມື່ອບໍ່ມີເຄືອຂ່າຍ ແຜນທີ່ພື້ນຈະສະແດງສະເພາະບ່ອນທີ່ເຄີຍເບິ່ງມາແລ້ວ; ຫຼັກໝາຍ ແລະ ເສັ້ນຊາຍແດນຍັງສະແດງຄົບ.",
        "Offline, the background map shows only the parts seen before; markers and the "
        "border line always show."),
    # --- an inspection --------------------------------------------------------------------
    "inspection_title": ("Kiểm tra mốc", "ກວດກາຫຼັກໝາຍ", "Inspect a marker"),
    "inspection_edit_title": ("Sửa bản ghi kiểm tra", "ແກ້ໄຂບັນທຶກການກວດກາ",
                              "Correct the inspection"),
    "marker": ("Số hiệu mốc", "ເລກຫຼັກໝາຍ", "Marker"),
    "observed_at": ("Thời điểm kiểm tra", "ເວລາກວດກາ", "Inspected at"),
    "condition": ("Tình trạng mốc", "ສະພາບຫຼັກໝາຍ", "Condition"),
    "choose": ("— Chọn —", "— ເລືອກ —", "— Choose —"),
    "vegetation_cleared": ("Đã phát quang cây cỏ quanh mốc", "ຖາງຫຍ້າອ້ອມຫຼັກໝາຍແລ້ວ",
                           "Vegetation cleared around the marker"),
    "measured_point": ("Vị trí đo được tại mốc", "ຕຳແໜ່ງທີ່ວັດໄດ້ຢູ່ຫຼັກໝາຍ",
                       "Position measured at the marker"),
    "use_position": ("Lấy vị trí hiện tại", "ໃຊ້ຕຳແໜ່ງປັດຈຸບັນ", "Use my position"),
    "clear": ("Xóa", "ລຶບ", "Clear"),
    "marker_not_cached": (
        "Mốc {code} không có trong dữ liệu trên máy nên chưa tính được độ lệch; máy chủ sẽ "
        "kiểm tra khi gửi.",
        "ຫຼັກໝາຍ {code} ບໍ່ມີໃນຂໍ້ມູນໃນເຄື່ອງ ຈຶ່ງຍັງຄິດໄລ່ການເຄື່ອນບໍ່ໄດ້; ເຊີບເວີຈະກວດເມື່ອສົ່ງ.",
        "Marker {code} is not in the data on this phone, so no displacement yet; the server "
        "checks it when sent."),
    "displacement_needs_point": (
        "Lấy vị trí hiện tại để xem độ lệch so với điểm đăng ký.",
        "ໃຊ້ຕຳແໜ່ງປັດຈຸບັນເພື່ອເບິ່ງໄລຍະເຄື່ອນຈາກຈຸດທີ່ລົງທະບຽນ.",
        "Use your position to see the displacement from the registry point."),
    "displacement_ok": (
        "Lệch {metres} so với điểm đăng ký — trong ngưỡng {threshold}.",
        "ເຄື່ອນ {metres} ຈາກຈຸດທີ່ລົງທະບຽນ — ຢູ່ໃນເກນ {threshold}.",
        "{metres} from the registry point — within the {threshold} threshold."),
    "displacement_alert": (
        "Lệch {metres} so với điểm đăng ký — vượt ngưỡng {threshold}: sẽ có cảnh báo mốc bị "
        "dịch chuyển.",
        "ເຄື່ອນ {metres} ຈາກຈຸດທີ່ລົງທະບຽນ — ເກີນເກນ {threshold}: ຈະມີການແຈ້ງເຕືອນຫຼັກໝາຍເຄື່ອນຍ້າຍ.",
        "{metres} from the registry point — beyond the {threshold} threshold: a "
        "displacement alert will be raised."),
    "notes": ("Ghi chú", "ໝາຍເຫດ", "Notes"),
    "photos": ("Ảnh", "ຮູບພາບ", "Photos"),
    "photo_camera": ("Chụp ảnh", "ຖ່າຍຮູບ", "Take a photo"),
    "photo_gallery": ("Chọn ảnh có sẵn", "ເລືອກຮູບທີ່ມີຢູ່", "Choose from the gallery"),
    "photo_too_large": ("quá lớn, máy chủ sẽ từ chối", "ໃຫຍ່ເກີນໄປ, ເຊີບເວີຈະປະຕິເສດ",
                        "too large, the server will refuse it"),
    "remove": ("Bỏ", "ເອົາອອກ", "Remove"),
    "save": ("Lưu", "ບັນທຶກ", "Save"),
    "cancel": ("Hủy", "ຍົກເລີກ", "Cancel"),
    "fill_required": ("Hãy điền đủ các mục bắt buộc.", "ກະລຸນາຕື່ມຂໍ້ມູນທີ່ຈຳເປັນໃຫ້ຄົບ.",
                      "Fill in the required fields."),
    "saved_to_outbox": ("Đã lưu trên máy, chờ gửi.", "ບັນທຶກໄວ້ໃນເຄື່ອງແລ້ວ, ລໍຖ້າສົ່ງ.",
                        "Saved on this phone, waiting to be sent."),
    # --- a damage report ------------------------------------------------------------------
    "damage_title": ("Báo hư hỏng", "ລາຍງານຄວາມເສຍຫາຍ", "Report damage"),
    "damage_edit_title": ("Sửa báo cáo hư hỏng", "ແກ້ໄຂລາຍງານຄວາມເສຍຫາຍ",
                          "Correct the damage report"),
    "damage_where": ("Tại một mốc (số hiệu mốc) hoặc tại một điểm (vị trí hiện tại).",
                     "ຢູ່ຫຼັກໝາຍໃດໜຶ່ງ (ເລກຫຼັກໝາຍ) ຫຼື ຢູ່ຈຸດໃດໜຶ່ງ (ຕຳແໜ່ງປັດຈຸບັນ).",
                     "At a marker (its code) or at a point (your position)."),
    "damage_at_point": ("một điểm", "ຈຸດໜຶ່ງ", "a point"),
    "cause": ("Nguyên nhân", "ສາເຫດ", "Cause"),
    "severity": ("Mức độ", "ລະດັບຄວາມຮຸນແຮງ", "Severity"),
    "observed_on": ("Ngày phát hiện", "ວັນທີພົບເຫັນ", "Seen on"),
    "description": ("Mô tả", "ລາຍລະອຽດ", "Description"),
    # --- repairs --------------------------------------------------------------------------
    "repairs_title": ("Hư hỏng và sửa chữa", "ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ", "Damage and repairs"),
    "open_damage": ("Hư hỏng chưa xử lý xong: {count}", "ຄວາມເສຍຫາຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ: {count}",
                    "Open damage: {count}"),
    "damage_none": ("Không có hư hỏng nào đang mở.", "ບໍ່ມີຄວາມເສຍຫາຍທີ່ຍັງເປີດຢູ່.",
                    "No open damage."),
    "reported_on": ("báo cáo {when}", "ລາຍງານ {when}", "reported {when}"),
    "step_to": ("Bước tiếp theo", "ຂັ້ນຕອນຕໍ່ໄປ", "Next step"),
    "happened_on": ("Ngày thực hiện", "ວັນທີປະຕິບັດ", "Date the work was done"),
    "note": ("Ghi chú", "ໝາຍເຫດ", "Note"),
    "save_step": ("Lưu bước này", "ບັນທຶກຂັ້ນຕອນນີ້", "Save this step"),
    "step_pending": ("{step}, ngày {when} — {state}", "{step}, ວັນທີ {when} — {state}",
                     "{step}, on {when} — {state}"),
    "step_edit_title": ("Bước sửa chữa máy chủ chưa nhận", "ຂັ້ນຕອນສ້ອມແປງທີ່ເຊີບເວີຍັງບໍ່ຮັບ",
                        "A repair step the server did not take"),
    "server_state": ("Trên máy chủ hiện là: {status} (phiên bản {version})",
                     "ໃນເຊີບເວີປັດຈຸບັນແມ່ນ: {status} (ສະບັບ {version})",
                     "On the server now: {status} (version {version})"),
    "server_last_step": ("Bước gần nhất: {step}, do {who}, ngày {when}",
                         "ຂັ້ນຕອນຫຼ້າສຸດ: {step}, ໂດຍ {who}, ວັນທີ {when}",
                         "Last step: {step}, by {who}, on {when}"),
    "your_step": ("Bước của bạn: {step}, ngày {when}", "ຂັ້ນຕອນຂອງທ່ານ: {step}, ວັນທີ {when}",
                  "Your step: {step}, on {when}"),
    "no_step_possible": (
        "Từ trạng thái này bạn không có bước nào để làm; có thể bỏ bản ghi này.",
        "ຈາກສະຖານະນີ້ ທ່ານບໍ່ມີຂັ້ນຕອນໃດທີ່ເຮັດໄດ້; ສາມາດຍົກເລີກບັນທຶກນີ້ໄດ້.",
        "From this status there is no step you may take; you may drop this record."),
    # --- a patrol -------------------------------------------------------------------------
    "patrol_title": ("Tuần tra", "ການລາດຕະເວນ", "Patrol"),
    "patrol_edit_title": ("Sửa bản ghi tuần tra", "ແກ້ໄຂບັນທຶກການລາດຕະເວນ",
                          "Correct the patrol"),
    "background_location": (
        "Trình duyệt không cho ứng dụng web lấy vị trí khi chạy nền: ứng dụng chỉ ghi lộ trình "
        "khi đang mở và màn hình sáng. Với chuyến tuần tra dài, hãy ghi lộ trình bằng máy GPS "
        "hoặc ứng dụng ghi GPX trên điện thoại rồi nhập tệp GPX vào đây.",
        "ບຣາວເຊີບໍ່ໃຫ້ແອັບເວັບຮັບຕຳແໜ່ງເມື່ອເຮັດວຽກຢູ່ເບື້ອງຫຼັງ: ແອັບບັນທຶກເສັ້ນທາງໄດ້ສະເພາະເມື່ອເປີດແອັບຢູ່ ແລະ "
        "ໜ້າຈໍຍັງເປີດຢູ່. ສຳລັບການລາດຕະເວນໄລຍະຍາວ, ກະລຸນາບັນທຶກເສັ້ນທາງດ້ວຍເຄື່ອງ GPS ຫຼື ແອັບບັນທຶກ GPX "
        "ໃນໂທລະສັບ ແລ້ວນຳເຂົ້າໄຟລ໌ GPX ຢູ່ນີ້.",
        "Browsers give web apps no location in the background: the app records a track only "
        "while it is open and the screen is on. For a long patrol, record the track with a "
        "GPS unit or a GPX logger app on the phone and import the GPX file here."),
    "track": ("Lộ trình", "ເສັ້ນທາງ", "Track"),
    "gpx_import": ("Nhập tệp GPX", "ນຳເຂົ້າໄຟລ໌ GPX", "Import a GPX file"),
    "gpx_summary": ("{name}: {points} điểm, từ {first} đến {last}",
                    "{name}: {points} ຈຸດ, ແຕ່ {first} ຫາ {last}",
                    "{name}: {points} points, from {first} to {last}"),
    "gpx_unreadable": ("Tệp này không phải GPX đọc được (cần ít nhất hai điểm).",
                       "ໄຟລ໌ນີ້ບໍ່ແມ່ນ GPX ທີ່ອ່ານໄດ້ (ຕ້ອງມີຢ່າງໜ້ອຍສອງຈຸດ).",
                       "The file is not a readable GPX (it needs at least two points)."),
    "record_start": ("Bắt đầu ghi lộ trình", "ເລີ່ມບັນທຶກເສັ້ນທາງ", "Start recording"),
    "record_stop": ("Dừng ghi", "ຢຸດບັນທຶກ", "Stop recording"),
    "recording_none": ("Chưa ghi lộ trình.", "ຍັງບໍ່ໄດ້ບັນທຶກເສັ້ນທາງ.", "No track recorded."),
    "recording_status": (
        "Đang ghi từ {since}: {points} điểm, {length}. Giữ ứng dụng mở và màn hình sáng.",
        "ກຳລັງບັນທຶກແຕ່ {since}: {points} ຈຸດ, {length}. ໃຫ້ເປີດແອັບ ແລະ ໜ້າຈໍໄວ້.",
        "Recording since {since}: {points} points, {length}. Keep the app open and the "
        "screen on."),
    "recording_done": ("Đã ghi: {points} điểm, {length}.", "ບັນທຶກແລ້ວ: {points} ຈຸດ, {length}.",
                       "Recorded: {points} points, {length}."),
    "recorded_track": ("lộ trình ghi trên máy", "ເສັ້ນທາງທີ່ບັນທຶກໃນເຄື່ອງ",
                       "track recorded on the phone"),
    "started_at": ("Bắt đầu", "ເລີ່ມຕົ້ນ", "Started"),
    "ended_at": ("Kết thúc", "ສິ້ນສຸດ", "Ended"),
    "vn_unit": ("Đơn vị phía Việt Nam", "ໜ່ວຍຝ່າຍຫວຽດນາມ", "Vietnamese unit"),
    "joint": ("Tuần tra song phương với phía Lào", "ລາດຕະເວນຮ່ວມກັບຝ່າຍລາວ",
              "Joint patrol with the Lao side"),
    "la_unit": ("Đơn vị phía Lào", "ໜ່ວຍຝ່າຍລາວ", "Lao unit"),
    "participants": ("Thành phần tham gia", "ຜູ້ເຂົ້າຮ່ວມ", "Participants"),
    "participants_hint": ("Mỗi người một dòng", "ແຕ່ລະຄົນໜຶ່ງແຖວ", "One per line"),
    "joint_needs_la_unit": ("Tuần tra song phương cần ghi đơn vị phía Lào.",
                            "ການລາດຕະເວນຮ່ວມຕ້ອງລະບຸໜ່ວຍຝ່າຍລາວ.",
                            "A joint patrol names its Lao unit."),
    "track_needed": ("Hãy nhập tệp GPX hoặc ghi lộ trình.",
                     "ກະລຸນານຳເຂົ້າໄຟລ໌ GPX ຫຼື ບັນທຶກເສັ້ນທາງ.",
                     "Import a GPX file or record a track."),
    "track_too_short": ("Lộ trình cần ít nhất hai điểm.", "ເສັ້ນທາງຕ້ອງມີຢ່າງໜ້ອຍສອງຈຸດ.",
                        "A track needs at least two points."),
    # --- the outbox -----------------------------------------------------------------------
    "outbox_title": ("Hộp thư đi", "ກ່ອງລໍຖ້າສົ່ງ", "Outbox"),
    "outbox_count": ("{records} bản ghi và {photos} ảnh đang chờ gửi",
                     "{records} ບັນທຶກ ແລະ {photos} ຮູບ ກຳລັງລໍຖ້າສົ່ງ",
                     "{records} records and {photos} photos waiting"),
    "outbox_empty": ("Không còn gì chờ gửi: máy chủ đã nhận tất cả.",
                     "ບໍ່ມີຫຍັງລໍຖ້າສົ່ງ: ເຊີບເວີໄດ້ຮັບທັງໝົດແລ້ວ.",
                     "Nothing waiting: the server has everything."),
    "send_now": ("Gửi ngay", "ສົ່ງດຽວນີ້", "Send now"),
    "sync_offline": ("Không có mạng: sẽ gửi khi có mạng.", "ບໍ່ມີເຄືອຂ່າຍ: ຈະສົ່ງເມື່ອມີເຄືອຂ່າຍ.",
                     "Offline: sending when the network returns."),
    "sync_running": ("Đang gửi…", "ກຳລັງສົ່ງ…", "Sending…"),
    "sync_sign_in": ("Cần đăng nhập lại để gửi.", "ຕ້ອງເຂົ້າສູ່ລະບົບຄືນເພື່ອສົ່ງ.",
                     "Sign in again to send."),
    "sync_unreachable": ("Không kết nối được máy chủ; sẽ thử lại lúc {when}.",
                         "ເຊື່ອມຕໍ່ເຊີບເວີບໍ່ໄດ້; ຈະລອງໃໝ່ເວລາ {when}.",
                         "The server could not be reached; trying again at {when}."),
    "sync_server_error": ("Máy chủ gặp lỗi; sẽ thử lại lúc {when}.",
                          "ເຊີບເວີມີບັນຫາ; ຈະລອງໃໝ່ເວລາ {when}.",
                          "The server had an error; trying again at {when}."),
    "sync_last": (
        "Lần gửi gần nhất {when}: máy chủ nhận {sent} bản ghi và {photos} ảnh, còn giữ lại "
        "{held}.",
        "ການສົ່ງຫຼ້າສຸດ {when}: ເຊີບເວີໄດ້ຮັບ {sent} ບັນທຶກ ແລະ {photos} ຮູບ, ຍັງເກັບໄວ້ {held}.",
        "Last sent {when}: the server took {sent} records and {photos} photos, {held} held "
        "back."),
    "sync_never": ("Chưa gửi lần nào.", "ຍັງບໍ່ເຄີຍສົ່ງ.", "Nothing sent yet."),
    "made_at": ("Tạo lúc {when}", "ສ້າງເມື່ອ {when}", "Made {when}"),
    "edit": ("Sửa", "ແກ້ໄຂ", "Correct"),
    "send_again": ("Gửi lại", "ສົ່ງຄືນ", "Send again"),
    "rebase": ("Áp dụng trên trạng thái hiện tại", "ນຳໃຊ້ກັບສະຖານະປັດຈຸບັນ",
               "Apply to the current state"),
    "drop": ("Bỏ bản ghi", "ຍົກເລີກບັນທຶກ", "Drop"),
    "drop_confirm": ("Bấm lần nữa để bỏ hẳn", "ກົດອີກຄັ້ງເພື່ອຍົກເລີກແທ້", "Tap again to drop it"),
    "dropped": ("Đã bỏ.", "ຍົກເລີກແລ້ວ.", "Dropped."),
    "gone": ("Bản ghi này không còn trong hộp thư đi.", "ບັນທຶກນີ້ບໍ່ມີໃນກ່ອງລໍຖ້າສົ່ງແລ້ວ.",
             "This record is no longer in the outbox."),
    "photos_waiting": ("Ảnh chờ gửi (bản ghi đã gửi)", "ຮູບທີ່ລໍຖ້າສົ່ງ (ບັນທຶກສົ່ງແລ້ວ)",
                       "Photos waiting (their records are sent)"),
    "sent_title": ("Đã gửi gần đây ({count})", "ສົ່ງແລ້ວຫຼ້າສຸດ ({count})",
                   "Recently sent ({count})"),
    "summary_inspection": ("Mốc {code}: {condition}", "ຫຼັກໝາຍ {code}: {condition}",
                           "Marker {code}: {condition}"),
    "summary_damage": ("Tại {where}: {cause}", "ຢູ່ {where}: {cause}", "At {where}: {cause}"),
    "summary_step": ("{step}, ngày {when}", "{step}, ວັນທີ {when}", "{step}, on {when}"),
    "summary_patrol": ("{unit} — {track}", "{unit} — {track}", "{unit} — {track}"),
    "type.inspection": ("Kiểm tra mốc", "ການກວດກາຫຼັກໝາຍ", "Inspection"),
    "type.damage_report": ("Báo hư hỏng", "ລາຍງານຄວາມເສຍຫາຍ", "Damage report"),
    "type.transition": ("Bước sửa chữa", "ຂັ້ນຕອນການສ້ອມແປງ", "Repair step"),
    "type.patrol": ("Tuần tra", "ການລາດຕະເວນ", "Patrol"),
    "state.waiting": ("Chờ gửi", "ລໍຖ້າສົ່ງ", "Waiting"),
    "state.retry_later": ("Chờ gửi lại", "ລໍຖ້າສົ່ງຄືນ", "Retrying later"),
    "state.conflict": ("Xung đột với máy chủ", "ຂັດແຍ່ງກັບເຊີບເວີ", "Conflict with the server"),
    "state.rejected": ("Bị từ chối", "ຖືກປະຕິເສດ", "Rejected"),
    "sent.created": ("Đã gửi", "ສົ່ງແລ້ວ", "Sent"),
    "sent.duplicate": ("Đã có trên máy chủ", "ມີຢູ່ໃນເຊີບເວີແລ້ວ", "Already on the server"),
    # --- titles of stored values ----------------------------------------------------------
    "condition.intact": ("Nguyên vẹn", "ສົມບູນ", "Intact"),
    "condition.vegetation_overgrown": ("Cây cỏ che phủ", "ມີຫຍ້າປົກຄຸມ", "Overgrown"),
    "condition.cracked": ("Rạn nứt", "ແຕກຮ້າວ", "Cracked"),
    "condition.tilted": ("Nghiêng", "ອຽງ", "Tilted"),
    "condition.damaged": ("Hư hỏng", "ເສຍຫາຍ", "Damaged"),
    "condition.buried": ("Bị vùi lấp", "ຖືກຝັງ", "Buried"),
    "condition.displaced": ("Bị xê dịch", "ເຄື່ອນຈາກທີ່ເດີມ", "Displaced"),
    "condition.missing": ("Mất", "ສູນຫາຍ", "Missing"),
    "cause.landslide": ("Sạt lở", "ດິນເຈື່ອນ", "Landslide"),
    "cause.flood": ("Lũ lụt", "ນ້ຳຖ້ວມ", "Flood"),
    "cause.erosion": ("Xói mòn", "ການເຊາະເຈື່ອນ", "Erosion"),
    "cause.crack": ("Rạn nứt", "ຮອຍແຕກ", "Crack"),
    "cause.vandalism": ("Phá hoại", "ການທຳລາຍ", "Vandalism"),
    "cause.construction": ("Xây dựng", "ການກໍ່ສ້າງ", "Construction"),
    "cause.vegetation": ("Cây cối", "ພືດພັນ", "Vegetation"),
    "cause.unknown": ("Chưa rõ", "ບໍ່ຮູ້ສາເຫດ", "Unknown"),
    "cause.other": ("Khác", "ອື່ນໆ", "Other"),
    "severity.low": ("Nhẹ", "ເລັກນ້ອຍ", "Low"),
    "severity.moderate": ("Trung bình", "ປານກາງ", "Moderate"),
    "severity.severe": ("Nghiêm trọng", "ຮ້າຍແຮງ", "Severe"),
    "severity.unknown": ("Chưa rõ", "ບໍ່ຮູ້", "Unknown"),
    "status.reported": ("Đã báo cáo", "ລາຍງານແລ້ວ", "Reported"),
    "status.assessed": ("Đã đánh giá", "ປະເມີນແລ້ວ", "Assessed"),
    "status.repair_proposed": ("Đề xuất sửa chữa", "ສະເໜີສ້ອມແປງ", "Repair proposed"),
    "status.approved": ("Đã phê duyệt", "ອະນຸມັດແລ້ວ", "Approved"),
    "status.in_repair": ("Đang sửa chữa", "ກຳລັງສ້ອມແປງ", "In repair"),
    "status.repaired": ("Đã sửa chữa", "ສ້ອມແປງແລ້ວ", "Repaired"),
    "status.verified": ("Đã nghiệm thu", "ກວດຮັບແລ້ວ", "Verified"),
    "status.closed": ("Đã đóng", "ປິດແລ້ວ", "Closed"),
    "marker_status.intact": ("Nguyên vẹn", "ສົມບູນ", "Intact"),
    "marker_status.needs_attention": ("Cần chú ý", "ຕ້ອງເອົາໃຈໃສ່", "Needs attention"),
    "marker_status.damaged": ("Hư hỏng", "ເສຍຫາຍ", "Damaged"),
    "marker_status.destroyed": ("Bị phá hủy", "ຖືກທຳລາຍ", "Destroyed"),
    "marker_status.unknown": ("Chưa rõ", "ບໍ່ຮູ້", "Unknown"),
    "section.savannakhet": ("Đoạn Savannakhet", "ຊ່ວງແຂວງສະຫວັນນະເຂດ", "Savannakhet section"),
    "section.salavan": ("Đoạn Salavan", "ຊ່ວງແຂວງສາລະວັນ", "Salavan section"),
}


@cache
def words_json() -> bytes:
    """{"vi": {key: text}, "lo": {…}, "en": {…}}."""
    return orjson.dumps({lang: {key: texts[i] for key, texts in WORDS.items()}
                         for i, lang in enumerate(LANGS)})


def manifest_words() -> tuple[str, str]:
    """The installed app's name and short name (Vietnamese, the default language)."""
    return WORDS["app_name"][0], WORDS["app_short_name"][0]
