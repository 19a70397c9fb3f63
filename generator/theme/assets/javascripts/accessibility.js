/* Accessibility fixes the Material theme needs at run time. Loads nothing from anywhere.
   - A table too wide for the page scrolls sideways inside its wrapper; such a wrapper is
     made a named, focusable region so a keyboard user can reach it and scroll it with the
     arrow keys (WCAG 2.1.1).
   - On a narrow screen (or zoomed in) the navigation is a drawer opened by the menu
     button in the header, a label the keyboard cannot reach; it becomes a button that
     Enter or Space opens and closes, and Escape closes the drawer (WCAG 2.1.1, 4.1.2). */
(function () {
  "use strict";

  let captions = 0;

  function heading(element) {
    for (let node = element; node; node = node.parentElement) {
      for (let prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName) && prev.id) return prev;
      }
    }
    return null;
  }

  /* Named by the table's caption, or else by the heading it sits under: both are in the
     page's own language. */
  function name(wrap) {
    const table = wrap.querySelector("table");
    const caption = table && table.caption;
    if (caption && caption.textContent.trim()) {
      if (!caption.id) caption.id = "__caption_" + (++captions);
      return caption.id;
    }
    const title = heading(wrap);
    return title ? title.id : null;
  }

  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap, .decision-matrix").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        const label = name(wrap);
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (label) wrap.setAttribute("aria-labelledby", label);
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-labelledby");
      }
    });
  }

  function menuButton() {
    const toggle = document.getElementById("__drawer");
    const button = document.querySelector('.md-header label[for="__drawer"]');
    if (!toggle || !button || button.hasAttribute("tabindex")) return;
    const sync = function () {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    };
    const nav = document.querySelector(".md-sidebar--primary");
    const label = document.querySelector(".md-nav--primary[aria-label]");
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    /* the navigation's own name, in the page's language */
    button.setAttribute("aria-label", label ? label.getAttribute("aria-label") : "Menu");
    if (nav) {
      nav.id = nav.id || "__primary_nav";
      button.setAttribute("aria-controls", nav.id);
    }
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("focus", sync);  /* the theme may also shut the drawer itself */
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {  /* the theme itself clicks a focused label on Enter */
        event.preventDefault();
        toggle.click();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !toggle.checked) return;
      const inside = nav && nav.contains(document.activeElement);
      toggle.click();
      if (inside) button.focus();
    });
  }

  menuButton();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", update);
})();
