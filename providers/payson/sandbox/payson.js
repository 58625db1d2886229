// Payson sandbox: sizes the checkout iframe to the page inside it, which
// posts its height when it loads.
(function () {
  window.addEventListener("message", function (e) {
    var h = e.data && e.data.paysonSandboxHeight;
    var frame = document.getElementById("paysonIframe");
    if (typeof h === "number" && frame && e.source === frame.contentWindow) {
      frame.style.height = h + "px";
    }
  });
})();
