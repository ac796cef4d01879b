// A "打印本页" button for pages made to be printed. Without JavaScript the
// button stays hidden and the browser's own print command works as usual.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
