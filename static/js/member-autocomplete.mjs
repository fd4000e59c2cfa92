// The search page's "Asked by" and "Answered by" filters list every member who has asked or
// answered a question (about 1,400): too many to scroll. GOV.UK's accessible-autocomplete turns
// each <select data-app-autocomplete> into a type-ahead box that sets the select, which stays in
// the form (hidden) and is what is submitted. Without JavaScript the select works as it is.
import "../accessible-autocomplete/accessible-autocomplete.min.js";

const { accessibleAutocomplete } = window;

function enhance(select) {
  if (select.dataset.appAutocompleteReady) {
    return;
  }
  select.dataset.appAutocompleteReady = "true";
  const id = select.id;
  const optionNamed = (text) =>
    Array.from(select.options).find(
      (option) => option.value && option.textContent.toLowerCase() === text.toLowerCase(),
    );
  accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    // "Any member" shows as an empty box.
    defaultValue: "",
    // Without autoselect the component draws no second, unlabelled "hint" input (axe: label).
    autoselect: false,
    onConfirm: (chosen) => {
      // Nothing chosen from the list: a name typed out in full still counts, an empty box
      // means any member again, and anything else leaves the filter as it was.
      const wanted = chosen || (document.getElementById(id)?.value ?? "").trim();
      const value = wanted ? (optionNamed(wanted)?.value ?? null) : "";
      if (value === null || value === select.value) {
        return;
      }
      select.value = value;
      // The search form reruns the search on any change in it, as it does for a plain select.
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
  });
  // The typed text is not a filter (the input has no name): only the select's change searches.
  document.getElementById(id)?.addEventListener("change", (event) => event.stopPropagation());
}

function enhanceWithin(root) {
  root.querySelectorAll("select[data-app-autocomplete]").forEach(enhance);
}

enhanceWithin(document);
// Back after htmx lost its page cache brings a fresh form: enhance that one too.
document.body.addEventListener("htmx:load", (event) => {
  if (event.detail.elt instanceof Element) {
    enhanceWithin(event.detail.elt);
  }
});
