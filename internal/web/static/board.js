// Boarding pages: keep the live counts fresh, and read QR codes with the
// camera where the browser can (BarcodeDetector); hand scanners type into
// the field and press Enter, which needs no script at all.
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  if (live) {
    var names = {};
    document.querySelectorAll("[data-status-names] [data-name]").forEach(function (el) {
      names[el.getAttribute("data-name")] = el.textContent;
    });
    var refresh = function () {
      fetch(live.getAttribute("data-live"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (b) {
          if (!b) return;
          ["boarded", "waiting", "refused", "seats"].forEach(function (k) {
            var el = document.querySelector('[data-k="' + k + '"]');
            if (el && b[k] !== undefined) el.textContent = b[k];
          });
          var at = document.querySelector('[data-k="at"]');
          if (at && b.at) at.textContent = new Date(b.at).toLocaleString();
          (b.trips || []).forEach(function (t) {
            var row = document.querySelector('tr[data-trip="' + t.trip_id + '"]');
            if (!row) return;
            ["boarded", "waiting", "refused"].forEach(function (k) {
              var c = row.querySelector('[data-t="' + k + '"]');
              if (c) c.textContent = t[k];
            });
            var bar = row.querySelector('[data-t="bar"]');
            if (bar && t.seats) bar.setAttribute("width", (100 * t.boarded / t.seats).toFixed(1));
            var st = row.querySelector('[data-t="status"]');
            if (st) st.textContent = names[t.status] || t.status;
          });
        })
        .catch(function () {});
    };
    setInterval(refresh, 5000);
  }

  var button = document.querySelector("[data-camera]");
  if (button && "BarcodeDetector" in window && navigator.mediaDevices) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-camera"));
      var video = document.getElementById("camera");
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var look = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              stream.getTracks().forEach(function (t) { t.stop(); });
              video.hidden = true;
              input.value = codes[0].rawValue;
              input.form.requestSubmit();
              return;
            }
            requestAnimationFrame(look);
          }).catch(function () { requestAnimationFrame(look); });
        };
        look();
      });
    });
  }
})();
