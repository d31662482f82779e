/* In a frame, tell the page around it how tall this page is, so the frame never clips it. */
(function () {
  if (window.parent === window) { return; }
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "incident-atlas:height", height: height }, "*");
    }
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  document.addEventListener("toggle", report, true);
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
  report();
})();
