// Show and hide the fields of a step whose condition depends on an answer
// given earlier in the same step. Without JavaScript every such field stays
// visible with its "仅当…时填写" note, and the server ignores the ones whose
// condition is false.
(function () {
  "use strict";
  var form = document.querySelector(".wizard-form");
  if (!form) return;

  function answer(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.type === "checkbox" && input.value === "on" ? "true" : input.value);
      } else if (input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }

  function holds(condition) {
    var chosen = answer(condition.field);
    if (!chosen.length) return false;
    if ("equals" in condition) return chosen.indexOf(String(condition.equals)) !== -1;
    if ("in" in condition) return condition["in"].some(function (v) { return chosen.indexOf(String(v)) !== -1; });
    if ("not_equals" in condition) return chosen.indexOf(String(condition.not_equals)) === -1;
    return false;
  }

  var dependents = form.querySelectorAll("[data-show-if]");
  function update() {
    dependents.forEach(function (element) {
      var show = holds(JSON.parse(element.getAttribute("data-show-if")));
      element.hidden = !show;
      element.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !show; });
    });
  }
  dependents.forEach(function (element) {
    var note = element.querySelector(".field__condition");
    if (note) note.hidden = true;
  });
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
