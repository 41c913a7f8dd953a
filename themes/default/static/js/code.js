// herald code blocks: a "Copy" button on each, added only where the browser can write to the
// clipboard, so that without this script (or that API) the page simply has no button.
// No third party. Line numbers are CSS generated content, so they are never copied.
(function () {
  "use strict";

  if (!navigator.clipboard || !navigator.clipboard.writeText) {
    return;
  }

  document.querySelectorAll(".code-block").forEach(function (block) {
    var code = block.querySelector("pre code");
    if (!code) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = "Copy";
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var reset;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(
        function () { status.textContent = "Code copied."; button.textContent = "Copied"; },
        function () { status.textContent = "The code could not be copied."; }
      );
      clearTimeout(reset);
      reset = setTimeout(function () { button.textContent = "Copy"; status.textContent = ""; }, 2000);
    });
    block.appendChild(button);
    block.appendChild(status);
  });
})();
