/* The Markdown editor: a formatting toolbar and, where the form offers them, "@" suggestions by name, for each
   textarea inside `.editor[data-editor]` (the MarkdownEditor widget). Without JavaScript it is a plain textarea
   with the help on Markdown beneath it, and a typed "@Priya Sharma" is a mention just the same.

   Text goes in with document.execCommand("insertText"), which keeps the browser's undo (Ctrl+Z) working; where
   that is missing, setRangeText. The suggestions follow the ARIA listbox pattern on the textarea itself (a
   textarea cannot be a combobox): aria-autocomplete, aria-controls and aria-activedescendant, with a status
   message saying what was found and which person is chosen. */
(function () {
  "use strict";

  var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
  var PLACEHOLDER = { bold: "bold text", italic: "italic text", link: "link text", code: "code" };

  function lineBounds(value, start, end) {
    var from = value.lastIndexOf("\n", start - 1) + 1;
    if (end > start && value.charAt(end - 1) === "\n") end -= 1;
    var to = value.indexOf("\n", end);
    return [from, to === -1 ? value.length : to];
  }

  /* Each action takes the text and the selection and says what replaces which range and what to select. */
  function around(before, after, placeholder) {
    return function (value, start, end) {
      var chosen = value.slice(start, end) || placeholder;
      return { from: start, to: end, text: before + chosen + after, select: [before.length, before.length + chosen.length] };
    };
  }

  function link(value, start, end) {
    var chosen = value.slice(start, end);
    if (/^https?:\/\/\S+$/.test(chosen)) {
      return { from: start, to: end, text: "[" + PLACEHOLDER.link + "](" + chosen + ")", select: [1, 1 + PLACEHOLDER.link.length] };
    }
    chosen = chosen || PLACEHOLDER.link;
    var text = "[" + chosen + "](https://)";
    return { from: start, to: end, text: text, select: [chosen.length + 3, chosen.length + 11] };
  }

  function eachLine(prefix, emptyLine) {
    return function (value, start, end) {
      var bounds = lineBounds(value, start, end);
      var lines = value.slice(bounds[0], bounds[1]).split("\n").map(function (line) {
        return line ? prefix + line : emptyLine;
      });
      var text = lines.join("\n");
      if (text === emptyLine) text = prefix;
      return { from: bounds[0], to: bounds[1], text: text, select: [text.length, text.length] };
    };
  }

  function code(value, start, end) {
    var chosen = value.slice(start, end);
    if (chosen.indexOf("\n") === -1) return around("`", "`", PLACEHOLDER.code)(value, start, end);
    var before = start > 0 && value.charAt(start - 1) !== "\n" ? "\n```\n" : "```\n";
    return { from: start, to: end, text: before + chosen.replace(/\n$/, "") + "\n```\n", select: [before.length, before.length + chosen.replace(/\n$/, "").length] };
  }

  var ACTIONS = [
    { label: "Bold", key: "b", apply: around("**", "**", PLACEHOLDER.bold) },
    { label: "Italic", key: "i", apply: around("_", "_", PLACEHOLDER.italic) },
    { label: "Link", key: "k", apply: link },
    { label: "Bulleted list", text: "List", apply: eachLine("- ", "") },
    { label: "Quote", apply: eachLine("> ", ">") },
    { label: "Code", apply: code }
  ];

  function replace(textarea, from, to, text, select) {
    textarea.focus();
    textarea.setSelectionRange(from, to);
    var inserted = false;
    try {
      inserted = text !== "" && document.execCommand("insertText", false, text);
    } catch (error) {
      inserted = false;
    }
    if (!inserted) {
      textarea.setRangeText(text, from, to, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(from + select[0], from + select[1]);
  }

  function run(textarea, action) {
    var change = action.apply(textarea.value, textarea.selectionStart, textarea.selectionEnd);
    replace(textarea, change.from, change.to, change.text, change.select);
  }

  function toolbar(textarea) {
    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    bar.setAttribute("aria-controls", textarea.id);
    ACTIONS.forEach(function (action, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = action.text || action.label;
      if (action.text) button.setAttribute("aria-label", action.label);
      button.tabIndex = index === 0 ? 0 : -1;
      if (action.key) {
        var shortcut = (mac ? "Meta+" : "Control+") + action.key.toUpperCase();
        button.setAttribute("aria-keyshortcuts", shortcut);
        button.title = action.label + " (" + (mac ? "⌘" : "Ctrl+") + action.key.toUpperCase() + ")";
      }
      button.addEventListener("click", function () { run(textarea, action); });
      bar.appendChild(button);
    });
    // One stop on Tab; the arrow keys move along the toolbar (the ARIA toolbar pattern).
    bar.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      var next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined || at === -1) return;
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[at].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(mac ? event.metaKey : event.ctrlKey) || event.altKey || event.shiftKey) return;
      var action = ACTIONS.filter(function (a) { return a.key && a.key === event.key.toLowerCase(); })[0];
      if (!action) return;
      event.preventDefault();
      run(textarea, action);
    });
    return bar;
  }

  // What is typed after an "@" just before the caret: up to three words, as a name is typed.
  var TYPED_MENTION = /(?:^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}][\p{L}\p{N}'’._-]*(?: [\p{L}\p{N}'’._-]*){0,2})$/u;

  function suggestions(textarea, url) {
    var box = document.createElement("ul");
    box.className = "mention-suggestions";
    box.id = textarea.id + "-mentions";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", "People to mention");
    box.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", box.id);

    var options = [];
    var active = -1;
    var mention = null; // {start, query} of the "@" being typed
    var dismissed = null; // the start of a mention whose list Escape closed
    var asked = 0;
    var timer = null;

    function say(message) { status.textContent = message; }

    function close() {
      box.hidden = true;
      box.innerHTML = "";
      options = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      var option = options[index];
      if (!option || !mention) return;
      var text = option.getAttribute("data-mention") + " ";
      var name = option.querySelector(".mention-name");
      replace(textarea, mention.start, textarea.selectionStart, text, [text.length, text.length]);
      say((name ? name.textContent : "Person") + " mentioned.");
      mention = null;
      close();
    }

    function activate(index) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      var option = options[index];
      option.setAttribute("aria-selected", "true");
      textarea.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
      say(option.textContent.replace(/\s+/g, " ").trim() + ", " + (index + 1) + " of " + options.length + ".");
    }

    function show(html, query) {
      box.innerHTML = html;
      options = Array.prototype.slice.call(box.querySelectorAll('[role="option"]'));
      options.forEach(function (option, index) { option.id = box.id + "-" + index; });
      if (!options.length) {
        close();
        say("No one here is called " + query + ".");
        return;
      }
      box.hidden = false;
      say(options.length + (options.length === 1 ? " person" : " people") + " found. Up and down arrows to choose, Enter to mention, Escape to close.");
      active = -1;
      activate(0);
    }

    function ask(query) {
      var number = ++asked;
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) { if (number === asked && mention) show(html, query); })
        .catch(function () {
          if (number !== asked) return;
          close();
          say("Suggestions are not available just now. Type the person's name after the @.");
        });
    }

    function update() {
      var caret = textarea.selectionStart;
      var typed = textarea.selectionEnd === caret && TYPED_MENTION.exec(textarea.value.slice(Math.max(0, caret - 80), caret));
      if (!typed) {
        mention = null;
        dismissed = null;
        clearTimeout(timer);
        asked++;
        close();
        return;
      }
      var start = caret - typed[1].length - 1;
      if (dismissed === start) return;
      if (mention && mention.start === start && mention.query === typed[1]) return;
      mention = { start: start, query: typed[1] };
      clearTimeout(timer);
      timer = setTimeout(function () { ask(typed[1]); }, 150);
    }

    textarea.addEventListener("input", update);
    textarea.addEventListener("click", update);
    textarea.addEventListener("keyup", function (event) {
      if (["ArrowLeft", "ArrowRight", "Home", "End"].indexOf(event.key) !== -1) update();
    });
    textarea.addEventListener("keydown", function (event) {
      if (box.hidden || !options.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate((active + step + options.length) % options.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        dismissed = mention ? mention.start : null;
        close();
        say("Suggestions closed.");
      }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 200); });
    // A click chooses without taking the focus from the textarea.
    box.addEventListener("mousedown", function (event) { event.preventDefault(); });
    box.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) choose(options.indexOf(option));
    });
    return [box, status];
  }

  function enhance(editor) {
    var textarea = editor.querySelector("textarea");
    if (!textarea || !textarea.id || editor.querySelector(".editor-toolbar")) return;
    editor.insertBefore(toolbar(textarea), textarea);
    var url = editor.getAttribute("data-mentions-url");
    if (url) {
      suggestions(textarea, url).forEach(function (element) { editor.appendChild(element); });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".editor[data-editor]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
