// GOV.UK Frontend components, loaded from npm through Django's static files (no CDN).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
// htmx swaps in new markup: give any GOV.UK components in it their behaviour too.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.target });
});
