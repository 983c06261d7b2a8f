/* cotmoc maps: draws the layers declared in layers/ from the configuration the server writes.
 * Every text from the data goes through esc() before it reaches the page. */
(function () {
  "use strict";

  // Beyond this many features one SVG element each slows the browser: draw them on a canvas.
  var CANVAS_ABOVE = 2000;
  var page = { words: {}, values: {}, extras: {}, marker_link: null };
  var panelSections = [];
  var counts = {};

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function word(key) {
    return page.words[key] || key;
  }

  function valueTitle(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.length ? value.map(valueTitle).join(", ") : "—";
    var key = String(value);
    return Object.prototype.hasOwnProperty.call(page.values, key) ? page.values[key] : key;
  }

  function slug(code) {
    return String(code).replace(/[^0-9A-Za-z()+-]/g, "_");
  }

  function markerLink(code) {
    return page.marker_link
      .replace("{code}", encodeURIComponent(code))
      .replace("{slug}", slug(code));
  }

  // Instants on the border's clock, as 2026-12-01 07:30 (sv-SE writes ISO-like dates).
  var LOCAL_TIME = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit"
  });

  /* A value as a reader sees it: instants in local time, measures rounded (whole metres
   * from 100 up, else one decimal), vocabulary through its title. */
  function shown(kind, value) {
    if (kind === "date-time" && typeof value === "string" && !isNaN(Date.parse(value))) {
      return LOCAL_TIME.format(new Date(value));
    }
    if (kind === "number" && typeof value === "number") {
      return value.toFixed(Math.abs(value) >= 100 ? 0 : 1);
    }
    return valueTitle(value);
  }

  function rows(fields, props) {
    return fields.map(function (field) {
      return "<tr><th>" + esc(field[1]) + "</th><td>" + esc(shown(field[2], props[field[0]])) +
        "</td></tr>";
    }).join("");
  }

  function section(title, body) {
    return '<div class="cotmoc-section"><b>' + esc(title) + "</b>" + body + "</div>";
  }

  function dossier(code) {
    var html = "";
    var last = page.extras.last_inspection;
    var text;
    if (last === null || last === undefined) {
      text = word("restricted");
    } else if (last[code]) {
      text = valueTitle(last[code].observed_at) + " · " + valueTitle(last[code].condition);
    } else {
      text = word("never_inspected");
    }
    html += section(word("last_inspection"), "<div>" + esc(text) + "</div>");
    var damage = page.extras.open_damage;
    var items;
    if (damage === null || damage === undefined) {
      items = "<div>" + esc(word("restricted")) + "</div>";
    } else if (damage[code] && damage[code].length) {
      items = "<ul>" + damage[code].map(function (d) {
        return "<li>" + esc(valueTitle(d.observed_on)) + " · " + esc(valueTitle(d.cause)) +
          " · " + esc(valueTitle(d.status)) + " · " + esc(valueTitle(d.severity)) + "</li>";
      }).join("") + "</ul>";
    } else {
      items = "<div>" + esc(word("none")) + "</div>";
    }
    return html + section(word("open_damage"), items);
  }

  function popupHtml(cfg, props) {
    var html = "<div class=\"cotmoc-popup\"><h4>" + esc(cfg.title) + "</h4><table>" +
      rows(cfg.popup, props) + "</table>";
    if (cfg.dossier) html += dossier(props.code);
    if (cfg.provenance.length) {
      html += section(word("provenance"), "<table>" + rows(cfg.provenance, props) + "</table>");
    }
    if (cfg.link && page.marker_link && props.code) {
      html += '<p><a class="cotmoc-link" href="' + esc(markerLink(props.code)) + '">' +
        esc(word("open_page")) + "</a></p>";
    }
    return html + "</div>";
  }

  function matches(rule, props) {
    return Boolean(rule) && rule.values.indexOf(props[rule.property]) >= 0;
  }

  function featureStyle(cfg, props, renderer) {
    var s = cfg.style;
    var color = (s.color_by && s.colors[props[s.color_by]]) || s.color;
    // Approximate points: dashed outline, pale fill. Closed records (cfg.hollow): no fill.
    var approximate = cfg.approximate.indexOf(props.coord_status) >= 0;
    var hollow = matches(cfg.hollow, props);
    var highlight = matches(cfg.highlight, props);
    var classes = ["cotmoc-f", "cotmoc-" + cfg.id];
    if (approximate) classes.push("cotmoc-approx");
    if (highlight) classes.push("cotmoc-highlight");
    return {
      color: color,
      fillColor: color,
      weight: highlight ? s.weight + 2 : s.weight,
      radius: highlight ? s.radius + 3 : s.radius,
      opacity: 0.9,
      fillOpacity: hollow ? 0 : approximate ? s.fill_opacity / 2 : s.fill_opacity,
      dashArray: approximate ? "3 3" : s.dash,
      className: classes.join(" "),
      renderer: renderer
    };
  }

  function withExtras(cfg, feature) {
    if (!cfg.merge) return feature.properties;
    var extra = page.extras[cfg.merge];
    var own = extra ? extra[feature.properties[cfg.key]] : null;
    return own ? Object.assign({}, feature.properties, own) : feature.properties;
  }

  /* One declared layer: a Leaflet GeoJSON layer; features without geometry go to the panel. */
  function geojson(cfg, data) {
    var unlocated = data.features.filter(function (feature) {
      return !feature.geometry;
    }).map(function (feature) {
      return feature.properties;
    });
    counts[cfg.id] = 0;
    var renderer = data.features.length > CANVAS_ABOVE ? L.canvas() : undefined;
    var layer = L.geoJSON(data, {
      style: function (feature) {
        return featureStyle(cfg, withExtras(cfg, feature), renderer);
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, featureStyle(cfg, withExtras(cfg, feature), renderer));
      },
      onEachFeature: function (feature, featureLayer) {
        counts[cfg.id] += 1;
        featureLayer.bindPopup(function () {
          return popupHtml(cfg, withExtras(cfg, feature));
        }, { maxWidth: 360 });
      }
    });
    if (cfg.unlocated && unlocated.length) {
      panelSections.push(section(cfg.unlocated.title, "<ul>" + unlocated.map(function (props) {
        return "<li>" + esc(cfg.unlocated.fields.map(function (name) {
          return valueTitle(props[name]);
        }).join(" – ")) + "</li>";
      }).join("") + "</ul>"));
    }
    return layer;
  }

  /* A growing layer drawn from the collection's vector tiles (Leaflet.VectorGrid, on a
   * canvas): only the features of the tiles in view reach the browser. Popups as above. */
  function tiles(cfg, url) {
    counts[cfg.id] = "tiles";
    // VectorGrid 1.3 stops a click with L.DomEvent.fakeStop, which Leaflet 1.8 removed.
    if (!L.DomEvent.fakeStop) L.DomEvent.fakeStop = L.DomEvent.stopPropagation;
    var styles = {};
    styles[cfg.id] = function (props) {
      return featureStyle(cfg, props);
    };
    var layer = L.vectorGrid.protobuf(url, {
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: styles,
      interactive: true,
      maxNativeZoom: 18,
      fetchOptions: { credentials: "same-origin" }
    });
    layer.on("click", function (event) {
      L.popup({ maxWidth: 360 })
        .setLatLng(event.latlng)
        .setContent(popupHtml(cfg, event.layer.properties))
        .openOn(layer._map);
    });
    return layer;
  }

  // Colours go in data-color and are applied through the DOM (paintSwatches): the pages'
  // Content-Security-Policy refuses style="" attributes in markup.
  function swatch(item) {
    var classes = "cotmoc-sw " + esc(item.kind);
    if (item.kind === "line" && item.dash) classes += " dashed";
    if (item.kind !== "line" && ["hollow", "approx", "ring"].indexOf(item.kind) < 0) {
      classes += " filled";
    }
    return '<span class="' + classes + '" data-color="' + esc(item.color) + '"></span>';
  }

  function paintSwatches(box) {
    box.querySelectorAll(".cotmoc-sw[data-color]").forEach(function (sw) {
      sw.style.borderColor = sw.dataset.color;
      if (sw.classList.contains("filled")) sw.style.background = sw.dataset.color;
    });
  }

  function control(position, className, html) {
    var Box = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create("div", "cotmoc-box " + className);
        div.innerHTML = html;
        paintSwatches(div);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new Box({ position: position });
  }

  function legend(map, groups) {
    var html = "<b>" + esc(word("legend")) + "</b>" + groups.map(function (group) {
      return '<div class="cotmoc-legend-group"><i>' + esc(group.title) + "</i>" +
        group.items.map(function (item) {
          return "<div>" + swatch(item) + esc(item.label) + "</div>";
        }).join("") + "</div>";
    }).join("");
    control("bottomright", "cotmoc-legend", html).addTo(map);
  }

  function panel(map, options) {
    var html = "<h3>" + esc(options.title) + "</h3>";
    html += '<nav class="cotmoc-nav">' + options.nav.map(function (link) {
      return '<a href="' + esc(link.href) + '">' + esc(link.label) + "</a>";
    }).join(" · ") + "</nav>";
    if (options.restricted.length) {
      var signIn = options.sign_in ? '<a class="cotmoc-sign-in" href="' +
        esc(options.sign_in.href) + '">' + esc(options.sign_in.label) + "</a>" : "";
      html += section(word("restricted"), "<ul>" + options.restricted.map(function (title) {
        return "<li>" + esc(title) + "</li>";
      }).join("") + "</ul>" + signIn);
    }
    html += panelSections.join("");
    control("topleft", "cotmoc-panel", html).addTo(map);
  }

  function fullscreen(map) {
    var Full = L.Control.extend({
      onAdd: function () {
        var button = L.DomUtil.create("a", "leaflet-bar cotmoc-fullscreen");
        button.href = "#";
        button.title = word("fullscreen");
        button.setAttribute("role", "button");
        button.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16"><path ' +
          'd="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="#333" ' +
          'stroke-width="2"/></svg>';
        L.DomEvent.on(button, "click", function (event) {
          L.DomEvent.preventDefault(event);
          var box = map.getContainer();
          if (document.fullscreenElement) {
            document.exitFullscreen();
          } else if (box.requestFullscreen) {
            box.requestFullscreen();
          }
        });
        return button;
      }
    });
    new Full({ position: "topleft" }).addTo(map);
    document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
  }

  /* After every layer is added: controls, the view, and a flag the tests wait for. */
  function finish(map, options) {
    fullscreen(map);
    legend(map, options.legend);
    panel(map, options);
    var bounds = L.latLngBounds([]);
    options.fit.forEach(function (layer) {
      if (layer.getLayers().length) bounds.extend(layer.getBounds());
    });
    if (options.zoom) {
      map.setView(bounds.getCenter(), options.zoom, { animate: false });
    } else if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20], animate: false });
    }
    window.cotmoc.map = map;
    window.cotmoc.ready = true;
  }

  function setup(config) {
    page = config;
  }

  window.cotmoc = {
    setup: setup,
    geojson: geojson,
    tiles: tiles,
    finish: finish,
    counts: counts,
    esc: esc,
    slug: slug,
    map: null,
    ready: false
  };
})();
