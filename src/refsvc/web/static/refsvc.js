// Copy buttons: an addition; every page works without JavaScript.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var source = document.getElementById(button.dataset.copy);
  var text = source.innerText.trim();
  // Rich text and plain text both: a word processor keeps the italics, a plain editor gets the text.
  var copying = window.ClipboardItem
    ? navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([source.innerHTML.trim()], {type: "text/html"}),
        "text/plain": new Blob([text], {type: "text/plain"})})])
    : navigator.clipboard.writeText(text);
  copying.then(function () {
    button.textContent = "Copied";
    var status = document.getElementById("status");
    if (status) status.textContent = (button.getAttribute("aria-label") || "Text").replace(/^Copy /, "") + " copied";
    setTimeout(function () { button.textContent = "Copy"; }, 1500);
  });
});
