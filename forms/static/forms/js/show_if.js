// 显示条件 in the form editor: choose the field from a list of the fields
// before it (by label) and the value from that field's options, instead of
// typing keys. A Stimulus controller on each ShowIfBlock (forms/blocks.py,
// data-controller="show-if"), registered with Wagtail's admin application.
// It reads the fields from the StreamField's inputs and keeps the block's
// own inputs as the stored value: the chosen field's key, or `@<block id>`
// for a field not saved yet (the server puts the key in its place on save,
// forms/keys.py). Lists follow as fields are added, renamed, moved or deleted.
(function () {
  "use strict";
  var Controller = window.StimulusModule.Controller;
  var FIELD_LABEL = /^(.+-value-fields-\d+)-value-label$/;
  var NO_CONDITION_TYPES = ["heading", "file"];
  var CHOICE_TYPES = ["radio", "select", "checkboxes"];

  function named(root, name) {
    return root.querySelector('[name="' + CSS.escape(name) + '"]');
  }

  function deleted(form, prefix) {
    var input = named(form, prefix + "-deleted");
    return input && input.value === "1";
  }

  class ShowIfController extends Controller {
    connect() {
      this.form = this.element.closest("form");
      this.schedule = this.schedule.bind(this);
      this.form.addEventListener("input", this.schedule);
      this.form.addEventListener("change", this.schedule);
      this.observer = new MutationObserver(this.schedule);
      this.observer.observe(this.form, { childList: true, subtree: true, attributes: true, attributeFilter: ["value"] });
      this.refresh();
    }

    disconnect() {
      this.form.removeEventListener("input", this.schedule);
      this.form.removeEventListener("change", this.schedule);
      this.observer.disconnect();
      clearTimeout(this.timer);
    }

    schedule(event) {
      if (event && event.target && event.target.closest && event.target.closest(".show-if-choice")) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(this.refresh.bind(this), 100);
    }

    // The fields before this condition, in form order: {ref, key, label, type, choices}.
    earlierFields() {
      var match = this.element.querySelector('[name$="-show_if-match"]');
      if (!match) return [];
      var owner = match.name.slice(0, -"-show_if-match".length);
      var fields = [];
      var form = this.form;
      var self = this.element;
      form.querySelectorAll('input[name$="-value-label"]').forEach(function (input) {
        var m = FIELD_LABEL.exec(input.name);
        if (!m || !(input.compareDocumentPosition(self) & Node.DOCUMENT_POSITION_FOLLOWING)) return;
        var prefix = m[1];
        var step = prefix.replace(/-value-fields-\d+$/, "");
        if (prefix + "-value" === owner || deleted(form, prefix) || deleted(form, step)) return;
        var type = (named(form, prefix + "-type") || {}).value;
        var label = input.value.trim();
        if (!label || NO_CONDITION_TYPES.indexOf(type) !== -1) return;
        var key = (named(form, prefix + "-value-key") || {}).value || "";
        var id = (named(form, prefix + "-id") || {}).value || "";
        var choices = [];
        form.querySelectorAll('input[name^="' + CSS.escape(prefix + "-value-choices-") + '"]').forEach(function (choice) {
          var item = /^(.+-value-choices-\d+)-value$/.exec(choice.name);
          if (item && !deleted(form, item[1]) && choice.value.trim()) choices.push(choice.value.trim());
        });
        fields.push({ ref: key || "@" + id, key: key, id: id, label: label, type: type, choices: choices });
      });
      return fields;
    }

    refresh() {
      var fields = this.earlierFields();
      var self = this;
      this.element.querySelectorAll('input[name$="-value-field"]').forEach(function (input) {
        var prefix = input.name.slice(0, -"-field".length);
        self.fieldControl(input, fields);
        var chosen = fields.find(function (f) { return f.key && f.key === input.value || "@" + f.id === input.value; });
        self.valueControl(prefix, chosen);
      });
    }

    fieldControl(input, fields) {
      var select = input.parentNode.querySelector("select.show-if-field");
      if (!select) {
        select = document.createElement("select");
        select.className = "show-if-field show-if-choice";
        select.setAttribute("aria-label", "依据字段");
        select.addEventListener("change", function () {
          input.value = select.value;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        });
        input.type = "hidden";
        input.parentNode.insertBefore(select, input);
      }
      var options = [["", "（请选择前面的字段）"]];
      var found = false;
      fields.forEach(function (f) {
        var current = input.value && (input.value === f.key || input.value === "@" + f.id);
        if (current) found = true;
        options.push([current ? input.value : f.ref, f.label]);
      });
      if (input.value && !found) options.push([input.value, "（该字段已删除，或不在本条件之前）"]);
      this.fill(select, options, [input.value]);
    }

    valueControl(prefix, field) {
      var input = named(this.element, prefix + "-value");
      var operator = named(this.element, prefix + "-operator");
      if (!input) return;
      var select = input.parentNode.querySelector("select.show-if-value");
      var options = null;
      if (field && CHOICE_TYPES.indexOf(field.type) !== -1) {
        options = field.choices.map(function (c) { return [c, c]; });
      } else if (field && field.type === "agree") {
        options = [["true", "已勾选"]];
      }
      if (!options) {
        if (select) select.remove();
        input.type = "text";
        return;
      }
      if (!select) {
        select = document.createElement("select");
        select.className = "show-if-value show-if-choice";
        select.setAttribute("aria-label", "值");
        select.addEventListener("change", function () {
          input.value = Array.from(select.selectedOptions).map(function (o) { return o.value; }).join("、");
          input.dispatchEvent(new Event("change", { bubbles: true }));
        });
        input.parentNode.insertBefore(select, input);
      }
      input.type = "hidden";
      select.multiple = Boolean(operator && operator.value === "in");
      var current = input.value.split("、").filter(Boolean);
      if (!select.multiple) options.unshift(["", "（请选择）"]);
      this.fill(select, options, current);
      if (!input.value && !select.multiple && options.length === 2) {
        select.value = options[1][0];  // the only option (已勾选)
        input.value = select.value;
      }
    }

    // Replace a select's options only when they changed, keeping the choice.
    fill(select, options, selected) {
      var signature = JSON.stringify([options, selected, select.multiple]);
      if (select.dataset.signature === signature) return;
      select.dataset.signature = signature;
      select.replaceChildren.apply(
        select,
        options.map(function (pair) {
          var option = new Option(pair[1], pair[0]);
          option.selected = selected.indexOf(pair[0]) !== -1;
          return option;
        })
      );
    }
  }

  window.wagtail.app.register("show-if", ShowIfController);
})();
