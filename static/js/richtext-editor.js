/* Rich-text editing for textareas marked data-rich (case texts, recommendations, decisions).
 *
 * Progressive enhancement: the textarea stays in the form and carries the value; without JavaScript it is the
 * editor. With it, the textarea is hidden and a Squire editor (static/vendor/squire.min.js) with a toolbar of
 * buttons takes its place; every change is copied back as HTML. Pasted HTML (Word, Outlook, web pages) is reduced
 * here to the tags the server keeps, so what staff see is what is stored; the server sanitises again with nh3
 * (meetings/richtext.py). Nothing here writes inline <script>/<style> or style attributes: the site's CSP allows
 * neither.
 */
(function () {
  "use strict";

  var KEEP = {
    P: "P", BR: "BR", UL: "UL", OL: "OL", LI: "LI", B: "B", STRONG: "B", I: "I", EM: "I", U: "U", A: "A",
    H1: "H4", H2: "H4", H3: "H4", H4: "H4", H5: "H5", H6: "H5", DIV: "P", BLOCKQUOTE: "P",
    TABLE: "TABLE", CAPTION: "CAPTION", THEAD: "THEAD", TBODY: "TBODY", TFOOT: "TFOOT", TR: "TR", TH: "TH", TD: "TD"
  };
  var DROP = /^(SCRIPT|STYLE|HEAD|META|TITLE|LINK|XML|TEMPLATE|IFRAME|OBJECT|SVG|MATH|NOSCRIPT)$/;
  var SAFE_URL = /^(https?:|mailto:|tel:)/i;

  function isWordBullet(node) {
    return node.nodeName === "SPAN" && /mso-list:\s*ignore/i.test(node.getAttribute("style") || "");
  }

  function wordListKind(node) {
    // Word writes list items as paragraphs styled "mso-list: l0 level1 lfo1", with the bullet or number in a span.
    if (node.nodeName !== "P" || !/mso-list:\s*l\d/i.test(node.getAttribute("style") || "")) {
      return null;
    }
    var bullet = node.querySelector("span[style*='mso-list']");
    return bullet && /\d|[a-z]\./i.test(bullet.textContent) ? "OL" : "UL";
  }

  function copyChildren(from, to) {
    var list = null;
    for (var child = from.firstChild; child; child = child.nextSibling) {
      var kind = child.nodeType === 1 ? wordListKind(child) : null;
      if (kind) {
        if (!list || list.nodeName !== kind) {
          list = document.createElement(kind);
          to.appendChild(list);
        }
        var item = document.createElement("LI");
        copyChildren(child, item);
        list.appendChild(item);
        continue;
      }
      if (child.nodeType === 3) {
        if (list && !child.data.trim()) {
          continue;
        }
        to.appendChild(document.createTextNode(child.data));
      } else if (child.nodeType === 1 && !DROP.test(child.nodeName) && !isWordBullet(child)) {
        var name = KEEP[child.nodeName];
        if (!name) {
          copyChildren(child, to);
          continue;
        }
        var copy = document.createElement(name);
        if (name === "A") {
          var href = (child.getAttribute("href") || "").trim();
          if (!SAFE_URL.test(href)) {
            copyChildren(child, to);
            continue;
          }
          copy.setAttribute("href", href);
        }
        ["colspan", "rowspan"].forEach(function (attribute) {
          if ((name === "TD" || name === "TH") && /^\d+$/.test(child.getAttribute(attribute) || "")) {
            copy.setAttribute(attribute, child.getAttribute(attribute));
          }
        });
        copyChildren(child, copy);
        to.appendChild(copy);
      }
      if (child.nodeType === 1) {
        list = null;
      }
    }
  }

  function sanitise(html) {
    // Parsed in an inert document (no scripts run, no styles apply), rebuilt in this one from allowed parts only.
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var fragment = document.createDocumentFragment();
    copyChildren(parsed.body, fragment);
    return fragment;
  }

  function plainToHtml(text) {
    var escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return escaped.split(/\r?\n\s*\r?\n/).map(function (block) {
      return "<p>" + block.replace(/\r?\n/g, "<br>") + "</p>";
    }).join("");
  }

  function setBlocks(editor, tag) {
    editor.modifyBlocks(function (fragment) {
      Array.prototype.slice.call(fragment.childNodes).forEach(function (block) {
        if (block.nodeType !== 1 || !/^(P|DIV|H4|H5)$/.test(block.nodeName)) {
          return;
        }
        var replacement = document.createElement(tag);
        while (block.firstChild) {
          replacement.appendChild(block.firstChild);
        }
        fragment.replaceChild(replacement, block);
      });
      return fragment;
    });
  }

  function addLink(editor) {
    var url = window.prompt("Linkets adresse (https://…, mailto:…):", "https://");
    if (url === null) {
      editor.focus();
      return;
    }
    url = url.trim();
    if (!SAFE_URL.test(url) || url === "https://") {
      window.alert("Linket skal begynde med https://, http://, mailto: eller tel:.");
      editor.focus();
      return;
    }
    editor.makeLink(url);
    // Squire leaves the new link selected; typing on would replace it, so the caret goes after it.
    var range = editor.getSelection();
    range.collapse(false);
    editor.setSelection(range);
  }

  var BUTTONS = [
    { label: "Overskrift", text: "Overskrift", pressed: "H4",
      run: function (e) { setBlocks(e, e.hasFormat("H4") ? "P" : "H4"); } },
    { label: "Fed (Ctrl+B)", text: "F", pressed: "B",
      run: function (e) { if (e.hasFormat("B")) { e.removeBold(); } else { e.bold(); } } },
    { label: "Kursiv (Ctrl+I)", text: "K", pressed: "I",
      run: function (e) { if (e.hasFormat("I")) { e.removeItalic(); } else { e.italic(); } } },
    { label: "Punktliste", text: "Punktliste", pressed: "UL",
      run: function (e) { if (e.hasFormat("UL")) { e.removeList(); } else { e.makeUnorderedList(); } } },
    { label: "Nummereret liste", text: "Nummereret liste", pressed: "OL",
      run: function (e) { if (e.hasFormat("OL")) { e.removeList(); } else { e.makeOrderedList(); } } },
    { label: "Indsæt link (Ctrl+K)", text: "Link", pressed: "A", run: addLink },
    { label: "Fjern link", text: "Fjern link", run: function (e) { e.removeLink(); } }
  ];

  function enhance(textarea) {
    if (textarea.dataset.richReady || textarea.readOnly || textarea.disabled || typeof window.Squire !== "function") {
      return;
    }
    textarea.dataset.richReady = "1";
    var wrapper = document.createElement("div");
    wrapper.className = "rich-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-toolbar";
    toolbar.setAttribute("role", "toolbar");
    var area = document.createElement("div");
    area.className = "rich-area";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = textarea.id && document.querySelector("label[for='" + textarea.id + "']");
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
      // The label now names the editor alone (the hidden textarea needs no name); a click on it focuses the editor.
      label.removeAttribute("for");
      label.addEventListener("click", function () { editor.focus(); });
    }
    // Named alone, not after the field: the toolbar sits right under the field's label, and a name containing the
    // label would make the label name two controls.
    toolbar.setAttribute("aria-label", "Formatering");
    if (textarea.getAttribute("aria-describedby")) {
      area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    textarea.parentNode.insertBefore(wrapper, textarea);
    textarea.hidden = true;

    var editor = new window.Squire(area, {
      blockTag: "P",
      sanitizeToDOMFragment: function (html) { return sanitise(html); }
    });
    var value = textarea.value;
    editor.setHTML(value.indexOf("<") === -1 ? plainToHtml(value) : value);

    function sync() {
      var text = area.textContent.trim() || area.querySelector("table, li") ? editor.getHTML() : "";
      textarea.value = text;
    }
    var pressable = [];
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rich-button";
      button.textContent = spec.text;
      button.setAttribute("aria-label", spec.label);
      button.title = spec.label;
      if (spec.pressed) {
        button.setAttribute("aria-pressed", "false");
        pressable.push([button, spec.pressed]);
      }
      // Keep the editor's selection: a mouse press on a button would otherwise move focus first.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      // After the action the caret is back in the text, so typing goes on where it was.
      button.addEventListener("click", function () {
        spec.run(editor);
        editor.focus();
        sync();
      });
      toolbar.appendChild(button);
    });
    function showState() {
      pressable.forEach(function (pair) {
        pair[0].setAttribute("aria-pressed", editor.hasFormat(pair[1]) ? "true" : "false");
      });
    }
    editor.setKeyHandler("Ctrl-k", function (self, event) { event.preventDefault(); addLink(self); });
    editor.setKeyHandler("Meta-k", function (self, event) { event.preventDefault(); addLink(self); });
    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", showState);
    area.addEventListener("focusout", sync);
    if (textarea.form) {
      textarea.form.addEventListener("submit", sync, true);
    }
  }

  function enhanceAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("textarea[data-rich]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  // Forms swapped in by htmx (the sitting page's decision form after a save) are enhanced as they arrive.
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.detail && event.detail.elt); });
})();
