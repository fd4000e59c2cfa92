// The deadlines dashboard polls for fresh figures every minute by swapping its board, which
// would drop the PQ team's ticks and half-filled bulk action. While anything is ticked or the
// bulk actions are open, the poll skips its turn; "Refresh" still reloads on demand.
document.body.addEventListener("htmx:beforeRequest", (event) => {
  const board = document.getElementById("board");
  if (!board || event.detail.elt !== board) {
    return; // only the poll: the filters swap the board from their own form
  }
  const form = document.getElementById("bulk-form");
  if (!form) {
    return;
  }
  const ticked = form.querySelector('input[name="question"]:checked');
  const details = document.getElementById("bulk-actions");
  if (ticked || (details && details.open)) {
    event.preventDefault();
  }
});
