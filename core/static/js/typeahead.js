/* Type-ahead for the site search box: suggestions from /search/api/ as the
   resident types, following the ARIA combobox pattern (input + listbox).
   Arrow keys move through the suggestions, Enter opens the chosen one,
   Escape closes the list. Without JavaScript the box is a plain form. */
(function () {
  "use strict";

  var DELAY = 250; // ms after the last keystroke
  var MAX_OPTIONS = 6;
  var KINDS = { regulation: "法规政策", form: "在线申报", notice: "通知公告" };

  function attach(input) {
    var endpoint = input.getAttribute("data-typeahead");
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;

    list.id = listId;
    list.className = "typeahead__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索建议");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(results) {
      list.textContent = "";
      options = results.slice(0, MAX_OPTIONS).map(function (result, i) {
        var option = document.createElement("li");
        var title = document.createElement("span");
        option.id = listId + "-" + i;
        option.className = "typeahead__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", result.url);
        title.className = "typeahead__title";
        title.textContent = result.title;
        option.appendChild(title);
        var where = result.window || KINDS[result.kind];
        if (where) {
          var meta = document.createElement("span");
          meta.className = "typeahead__meta";
          meta.textContent = where;
          option.appendChild(meta);
        }
        list.appendChild(option);
        return option;
      });
      active = -1;
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = "有 " + options.length + " 条建议，可用上下方向键选择";
      } else {
        close();
        status.textContent = "";
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (pending) {
        pending.abort();
      }
      if (!query) {
        render([]);
        return;
      }
      pending = new AbortController();
      var url = endpoint + "?source=typeahead&q=" + encodeURIComponent(query);
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) {
            render(data.results || []);
          }
        })
        .catch(function () {
          /* Aborted or offline: the form still submits as usual. */
        });
    }

    function open(option) {
      window.location.href = option.getAttribute("data-url");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) {
          return;
        }
        event.preventDefault();
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        // Cycle through the options and back to the text box (-1).
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next >= options.length) {
          next = -1;
        } else if (next < -1) {
          next = options.length - 1;
        }
        highlight(next);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        open(options[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);

    // mousedown rather than click: it comes before the input loses focus.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        open(option);
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-typeahead]"), attach);
})();
