// Where Django's admin widgets leave a control without a name, name it (axe):
// - the autocomplete widgets (Select2) draw a combo box that says nothing of which field it is
//   (aria-input-field-name): named by the field's label;
// - a date-and-time field's two inputs follow plain "Date:" and "Time:" text, not labels;
// - the two-list selector's search icons carry aria-label on a plain span (aria-prohibited-attr):
//   they become images, which may have one.
"use strict";

function nameDateTimes(root) {
  root.querySelectorAll("p.datetime").forEach((paragraph) => {
    const inputs = paragraph.querySelectorAll("input");
    // The field's label has no "for" (it names two inputs): it is the row's first label.
    const field =
      document.querySelector(`label[for="${inputs[0]?.id}"]`) ||
      paragraph.closest(".form-row, .fieldBox")?.querySelector("label");
    inputs.forEach((input) => {
      if (input.hasAttribute("aria-label")) {
        return;
      }
      const before = input.previousSibling;
      const part = before && before.nodeType === Node.TEXT_NODE ? before.textContent.trim() : "";
      const name = [field ? field.textContent.trim().replace(/:$/, "") : "", part.replace(/:$/, "")];
      input.setAttribute("aria-label", name.filter(Boolean).join(": "));
    });
  });
}

function fixIcons(root) {
  root.querySelectorAll("span.help-tooltip[aria-label]").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
}

function nameAutocompletes(root) {
  root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const container = select.nextElementSibling;
    if (!label || !container) {
      return;
    }
    if (!label.id) {
      label.id = `${select.id}-label`;
    }
    container.querySelectorAll('[role="combobox"], [role="textbox"]').forEach((element) => {
      if (!element.id) {
        element.id = `${select.id}-${element.getAttribute("role")}`;
      }
      element.setAttribute("aria-labelledby", `${label.id} ${element.id}`);
    });
  });
}

function nameControls(root) {
  nameAutocompletes(root);
  nameDateTimes(root);
  fixIcons(root);
}

// The widgets draw their controls in their own handlers (jQuery's ready, the page's load,
// "formset:added"), in whatever order those run: name whatever they add, as they add it.
nameControls(document);
new MutationObserver((mutations) => {
  if (mutations.some((mutation) => mutation.addedNodes.length)) {
    nameControls(document);
  }
}).observe(document.body, { childList: true, subtree: true });
