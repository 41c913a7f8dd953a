// herald table of contents: marks the link of the section being read in the sidebar
// (aria-current="location"). Without this script the sidebar is a plain list of links.
(function () {
  "use strict";

  var nav = document.querySelector("[data-toc]");
  if (!nav || !("IntersectionObserver" in window)) {
    return;
  }
  var links = Array.prototype.slice.call(nav.querySelectorAll('a[href^="#"]'));
  var headings = links.map(function (a) {
    return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  var current = null;

  // The section being read is the last one whose heading has passed the top quarter of the
  // window; before the first heading, none.
  function update() {
    var line = window.innerHeight * 0.25;
    var index = -1;
    headings.forEach(function (h, i) {
      if (h && h.getBoundingClientRect().top <= line) {
        index = i;
      }
    });
    var link = index >= 0 ? links[index] : null;
    if (link === current) {
      return;
    }
    if (current) {
      current.removeAttribute("aria-current");
    }
    current = link;
    if (link) {
      link.setAttribute("aria-current", "location");
      // Keep the mark in view inside a long sidebar without scrolling the page.
      var top = link.offsetTop - nav.offsetTop;
      if (top < nav.scrollTop || top + link.offsetHeight > nav.scrollTop + nav.clientHeight) {
        nav.scrollTop = top - nav.clientHeight / 3;
      }
    }
  }

  // Headings crossing the line are what can change the answer; the observer says when.
  var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -75% 0px" });
  headings.forEach(function (h) {
    if (h) {
      observer.observe(h);
    }
  });
  // A jump (a link, the End key) can carry a heading past the line between two frames, which no
  // intersection reports; the end of the scroll does.
  window.addEventListener("scrollend", update, { passive: true });
  window.addEventListener("hashchange", update);
  update();
})();
