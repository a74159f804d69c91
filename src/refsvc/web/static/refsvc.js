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

// Citation pop-ups: CSS shows them on hover and focus. A touch has neither, so a first tap opens the
// pop-up instead of following the link (a second tap follows it); Esc closes whatever is open.
var lastPointer = "mouse";
document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
function closePopups(except) {
  document.querySelectorAll(".cite-wrap.open").forEach(function (wrap) {
    if (wrap !== except) wrap.classList.remove("open");
  });
}
document.addEventListener("click", function (event) {
  var cite = event.target.closest("a.cite");
  if (!cite) {
    if (!event.target.closest(".cite-wrap")) closePopups(null);
    return;
  }
  var wrap = cite.parentElement;
  if (lastPointer === "touch" && !wrap.classList.contains("open")) {
    event.preventDefault();
    closePopups(wrap);
    wrap.classList.remove("closed");
    wrap.classList.add("open");
  }
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".cite-wrap").forEach(function (wrap) {
    if (wrap.classList.contains("open") || wrap.matches(":hover, :focus-within")) {
      wrap.classList.remove("open");
      wrap.classList.add("closed");
    }
  });
});
// Closed with Esc, a pop-up shows again once the pointer or focus has left it and comes back.
["mouseout", "focusout"].forEach(function (type) {
  document.addEventListener(type, function (event) {
    var wrap = event.target.closest && event.target.closest(".cite-wrap");
    if (wrap && !(event.relatedTarget && wrap.contains(event.relatedTarget))) wrap.classList.remove("closed");
  });
});
