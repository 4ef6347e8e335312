/*
 * Progressive enhancement of e-forms rendered by plugins/eforms/render.py.
 * Without this script every field is shown and the server judges conditions;
 * with it, fields whose visible_when fails are hidden and disabled (so they are
 * neither checked by the browser nor posted), required_when toggles `required`,
 * communes are filtered by the chosen province, and "add" buttons add group rows
 * in place instead of posting the page.
 */
(function () {
  "use strict";

  function controls(root, name) {
    return Array.prototype.filter.call(
      root.querySelectorAll("input, select, textarea"),
      function (el) { return el.name === name; }
    );
  }

  function valuesOf(root, name) {
    var values = [];
    controls(root, name).forEach(function (el) {
      if (el.disabled) { return; }
      if (el.hasAttribute("data-eforms-bool")) {
        values.push(el.checked ? "true" : "false");
      } else if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { values.push(el.value); }
      } else if (el.value.trim() !== "") {
        values.push(el.value.trim());
      }
    });
    return values;
  }

  function holds(root, test) {
    var values = valuesOf(root, test.name);
    if (typeof test.filled === "boolean") {
      var filled = values.some(function (v) { return v !== "" && v !== "false"; });
      return filled === test.filled;
    }
    if (typeof test.equals === "string") { return values.indexOf(test.equals) >= 0; }
    if (Array.isArray(test.in)) {
      return values.some(function (v) { return test.in.indexOf(v) >= 0; });
    }
    return true;
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  function inputsOf(wrapper) {
    return wrapper.querySelectorAll("input:not([type=hidden]), select, textarea");
  }

  function setRequired(wrapper, on) {
    inputsOf(wrapper).forEach(function (el) {
      if (el.type === "checkbox" && !el.hasAttribute("data-eforms-bool")) { return; }
      if (on) { el.setAttribute("required", "required"); } else { el.removeAttribute("required"); }
    });
  }

  function hiddenByCondition(el) {
    return !!el.closest("[data-visible-when][hidden]");
  }

  function applyVisibility(root) {
    var changed = false;
    root.querySelectorAll("[data-visible-when]").forEach(function (wrapper) {
      var test = parse(wrapper.getAttribute("data-visible-when"));
      var show = !test || holds(root, test);
      if (wrapper.hidden === show) {
        wrapper.hidden = !show;
        changed = true;
      }
    });
    root.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
      el.disabled = hiddenByCondition(el);
    });
    return changed;
  }

  function refresh(root) {
    // Hiding one field can hide others that depend on it: repeat until stable.
    for (var round = 0; round < 10 && applyVisibility(root); round += 1) { /* again */ }
    root.querySelectorAll("[data-required]").forEach(function (wrapper) {
      setRequired(wrapper, !hiddenByCondition(wrapper));
    });
    root.querySelectorAll("[data-required-when]").forEach(function (wrapper) {
      var test = parse(wrapper.getAttribute("data-required-when"));
      setRequired(wrapper, !hiddenByCondition(wrapper) && !!test && holds(root, test));
    });
    root.querySelectorAll("select[data-eforms-parent]").forEach(function (select) {
      var parent = valuesOf(root, select.getAttribute("data-eforms-parent"))[0] || "";
      Array.prototype.forEach.call(select.options, function (option) {
        var owner = option.getAttribute("data-parent");
        option.hidden = !!(owner && parent && owner !== parent);
      });
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.hidden) { select.value = ""; }
    });
  }

  function addRow(root, button) {
    var path = button.getAttribute("data-eforms-add");
    var find = function (attr) {
      return Array.prototype.find.call(root.querySelectorAll("[" + attr + "]"), function (el) {
        return el.getAttribute(attr) === path;
      });
    };
    var template = find("data-eforms-template");
    var items = find("data-eforms-items");
    var count = find("data-eforms-count");
    var group = find("data-eforms-group");
    if (!template || !items || !count || !group) { return false; }
    var index = parseInt(count.value, 10) || 0;
    var mark = group.getAttribute("data-eforms-mark");
    var html = template.innerHTML.split(mark + "]").join(index + "]")
      .split(mark + "-").join(index + "-")
      .split(" " + mark + "<").join(" " + (index + 1) + "<");
    items.insertAdjacentHTML("beforeend", html);
    count.value = String(index + 1);
    var max = parseInt(group.getAttribute("data-max"), 10);
    if (!isNaN(max) && index + 1 >= max) { button.hidden = true; }
    refresh(root);
    return true;
  }

  function enhance(root) {
    root.addEventListener("change", function () { refresh(root); });
    root.addEventListener("input", function () { refresh(root); });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-eforms-add]");
      if (button && addRow(root, button)) { event.preventDefault(); }
    });
    refresh(root);
  }

  function start() {
    document.querySelectorAll("[data-eforms]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
