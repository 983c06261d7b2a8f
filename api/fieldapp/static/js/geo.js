// Distances on the WGS84 ellipsoid and the displacement rule of the server
// (gis/field/inspections.py), so the guard sees before saving what the server will decide.
//
// Vincenty's inverse formula: within a millimetre of PostGIS's geodesic ST_Distance at the
// tens of metres a displaced marker lies from its registry point.

const A = 6378137.0;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const RAD = Math.PI / 180;

export function geodesic(lon1, lat1, lon2, lat2) {
  const L = (lon2 - lon1) * RAD;
  const U1 = Math.atan((1 - F) * Math.tan(lat1 * RAD));
  const U2 = Math.atan((1 - F) * Math.tan(lat2 * RAD));
  const sinU1 = Math.sin(U1); const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2); const cosU2 = Math.cos(U2);
  let lambda = L;
  for (let i = 0; i < 200; i += 1) {
    const sinLambda = Math.sin(lambda); const cosLambda = Math.cos(lambda);
    const sinSigma = Math.hypot(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
    if (sinSigma === 0) return 0; // the same point
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda = L + (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma
      * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - previous) < 1e-12) {
      const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
      const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const deltaSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4) * (cosSigma
        * (-1 + 2 * cos2SigmaM * cos2SigmaM) - (bigB / 6) * cos2SigmaM
        * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
      return B * bigA * (sigma - deltaSigma);
    }
  }
  return NaN; // nearly antipodal points: never two points of one border stretch
}

// The server's rule: an alert when the measured point lies farther from the registry point
// than max(factor × accuracy, minimum).
export function displacement(measured, registry, accuracy, rule) {
  const metres = geodesic(measured[0], measured[1], registry[0], registry[1]);
  const threshold = Math.max(rule.accuracy_factor * (accuracy || 0), rule.min_m);
  return { metres, threshold, alert: metres > threshold };
}

export function trackLength(points) {
  let total = 0;
  for (let i = 1; i < points.length; i += 1) {
    total += geodesic(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]);
  }
  return total;
}

// The phone's position now (foreground only: browsers give web apps none in the background).
export function currentPosition() {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('no geolocation'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude,
        accuracy: p.coords.accuracy, at: new Date(p.timestamp).toISOString() }),
      (error) => reject(error),
      { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 },
    );
  });
}
