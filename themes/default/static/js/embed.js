// herald embeds: a click on a video's link loads its player in place, from the privacy-friendly
// address in data-embed, and moves focus to it. Until then the page makes no request to the
// video's site; without this script the link simply opens the video there.
(function () {
  "use strict";

  if (window.heraldEmbeds) {
    return;
  }
  window.heraldEmbeds = true;

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.embed-frame[data-embed]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-embed");
    frame.title = link.getAttribute("data-embed-title") || "Video";
    frame.className = "embed-frame";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    link.replaceWith(frame);
    frame.focus();
  });
})();
