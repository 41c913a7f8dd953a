// herald share buttons: "copy the link" and the system share sheet (Web Share API), shown only
// where the browser has them. The other share buttons are plain links and need no script.
// No third party, no cookie, no tracking.
(function () {
  "use strict";

  function say(button, text) {
    var box = button.closest(".share");
    var status = box && box.querySelector(".share-status");
    if (status) {
      status.textContent = text;
    }
  }

  document.querySelectorAll("[data-copy-url]").forEach(function (button) {
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      return;
    }
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(
        function () { say(button, "Link copied."); },
        function () { say(button, "The link could not be copied."); }
      );
    });
  });

  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    if (typeof navigator.share !== "function") {
      return;
    }
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: button.getAttribute("data-share-title"),
        url: button.getAttribute("data-share-url")
      }).catch(function () {
        // The reader closed the share sheet: nothing to report.
      });
    });
  });
})();
