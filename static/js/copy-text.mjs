// "Copy referral answer" on the question page. Without JavaScript (or where the browser keeps the
// clipboard from the page) the text is there to select and copy from its box; with it, one press.
for (const button of document.querySelectorAll('[data-module="app-copy-text"]')) {
  const source = document.getElementById(button.dataset.copyFrom);
  const status = document.getElementById(button.dataset.copiedStatus);
  if (!source || !navigator.clipboard) {
    continue;
  }
  button.classList.remove("govuk-!-display-none");
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(source.value);
    if (status) {
      status.textContent = "Referral answer copied";
    }
  });
}
