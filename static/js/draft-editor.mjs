// The draft editor's word count follows each keystroke. Without JavaScript the count comes with
// the page and each save; with it, the autosave's count (answers.drafting_rules.word_count, the
// same rule: a word holds a letter or digit) replaces this one a moment later.
const answer = document.getElementById("id_answer_text");

function countWords(text) {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

if (answer) {
  answer.addEventListener("input", () => {
    const count = countWords(answer.value);
    const target = document.querySelector("#draft-checks [data-word-count]");
    const plural = document.querySelector("#draft-checks [data-word-plural]");
    if (target) {
      target.textContent = String(count);
    }
    if (plural) {
      plural.textContent = count === 1 ? "" : "s";
    }
  });
}
