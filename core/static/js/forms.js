// Show and hide the fields of a step whose condition depends on an answer
// given earlier in the same step. The rules come resolved from the server
// (forms/definition.py, rendered as JSON in #form-conditions): a row is shown
// when its controlling field has an answer and one of the chosen values is
// among `values` (or, with `negate`, none is); `all` / `any` combine tests. Rules are in form order and a
// hidden row's inputs are disabled, so hiding cascades as on the server.
// Without JavaScript every such field stays visible with its "仅当…时填写"
// note, and the server ignores the ones whose condition is false.
(function () {
  "use strict";
  var form = document.querySelector(".wizard-form");
  var data = document.getElementById("form-conditions");
  if (!form) return;
  var rules = data ? JSON.parse(data.textContent) : [];
  if (!Array.isArray(rules)) rules = [];

  function chosen(name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.disabled) return;
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.type === "checkbox" && input.value === "on" ? "true" : input.value);
      } else if (input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }

  // One test {field, values, negate}; {all: [...]} / {any: [...]}; or a test
  // the server already decided from earlier steps' answers, {holds: bool}.
  function holds(rule) {
    if (rule.all) return rule.all.every(holds);
    if (rule.any) return rule.any.some(holds);
    if (typeof rule.holds === "boolean") return rule.holds;
    var answer = chosen(rule.field);
    var hit = (rule.values || []).some(function (v) { return answer.indexOf(v) !== -1; });
    return answer.length > 0 && hit !== rule.negate;
  }

  function update() {
    rules.forEach(function (rule) {
      var row = document.getElementById(rule.row);
      if (!row) return;
      var show = holds(rule);
      row.hidden = !show;
      row.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !show; });
    });
  }
  rules.forEach(function (rule) {
    var note = document.querySelector("#" + CSS.escape(rule.row) + " .field__condition");
    if (note) note.hidden = true;
  });
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();

  // The error summary takes focus; each of its links moves focus to its field
  // (the first option of a group), with the question or group label in view.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      (field.closest("fieldset") || field.closest(".field") || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
})();

// An address: once a township is chosen, the village list offers only that
// township's villages (its <optgroup>). Without JavaScript every township's
// villages are listed, grouped, and the server checks that the pair matches.
(function () {
  "use strict";
  document.querySelectorAll(".address-parts").forEach(function (parts) {
    var township = parts.querySelector(".address-township");
    var village = parts.querySelector(".address-village");
    if (!township || !village) return;
    function update() {
      village.querySelectorAll("optgroup").forEach(function (group) {
        var other = township.value !== "" && group.label !== township.value;
        group.hidden = other;
        group.disabled = other;
        if (other && group.contains(village.selectedOptions[0])) village.value = "";
      });
    }
    township.addEventListener("change", update);
    update();
  });
})();
