// Live reload for `bayan serve`. Added to pages only by the server, never by `build`.
//
// Listens to the server's build reports: reloads this page when it changed (keeping the scroll
// position), swaps changed stylesheets in place, and shows a failed build's errors over the page
// until the next good build. Reconnects by itself, and reloads if the server was restarted.
(() => {
  "use strict";
  const script = document.currentScript;
  const notFound = script !== null && script.hasAttribute("data-not-found");
  // The build this page came from; a page that loaded while a newer build was being announced
  // finds out from the greeting and reloads.
  const generation = script === null ? null : script.dataset.generation;
  const scrollKey = "bayan-scroll:" + location.pathname;
  let instance = null;
  let overlay = null;

  const here = () => {
    const p = location.pathname;
    return p.endsWith("/index.html") ? p.slice(0, -"index.html".length) : p;
  };

  const restoreScroll = () => {
    const saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    const { x, y } = JSON.parse(saved);
    window.scrollTo(x, y);
  };
  if (document.readyState === "complete") restoreScroll();
  else window.addEventListener("load", restoreScroll, { once: true });

  const reload = () => {
    sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    location.reload();
  };

  const swapStyles = (paths) => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !paths.includes(url.pathname)) continue;
      const fresh = link.cloneNode();
      fresh.href = url.pathname + "?v=" + Date.now();
      // The old sheet goes only once the new one applies, so the page never flashes unstyled.
      fresh.addEventListener("load", () => link.remove(), { once: true });
      link.after(fresh);
    }
  };

  const hideErrors = () => {
    if (overlay !== null) overlay.remove();
    overlay = null;
  };

  const element = (parent, tag, text, className) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    parent.append(e);
    return e;
  };

  const showErrors = (errors) => {
    hideErrors();
    overlay = document.createElement("bayan-errors");
    const root = overlay.attachShadow({ mode: "open" });
    const style = element(root, "link");
    style.rel = "stylesheet";
    style.href = "/__bayan/live.css";
    const box = element(root, "section", null, "box");
    box.setAttribute("role", "alert");
    box.lang = "en";
    box.dir = "ltr";
    const count = errors.length;
    element(box, "h2", count === 1 ? "The last save did not build" : `The last save did not build: ${count} errors`);
    for (const e of errors) {
      const item = element(box, "article", null, "error");
      if (e.file) {
        element(item, "p", e.line ? `${e.file}:${e.line}:${e.column}` : e.file, "where");
      }
      element(item, "p", e.message, "message");
      if (e.source !== null && e.source !== undefined) {
        // The quoted line may be Arabic: it keeps its own direction.
        const line = element(item, "pre", null, "source");
        element(line, "bdi", e.source).dir = "auto";
      }
      if (e.help) element(item, "p", "help: " + e.help, "help");
    }
    element(box, "p", "The page shows the last good build. Save a fix and this goes away.", "note");
    document.documentElement.append(overlay);
  };

  const onBuild = (report) => {
    if (!report.ok) {
      showErrors(report.errors);
      return;
    }
    hideErrors();
    if (report.everything || notFound || report.pages.includes(here())) {
      reload();
      return;
    }
    if (report.styles.length > 0) swapStyles(report.styles);
  };

  const connect = () => {
    const source = new EventSource("/__bayan/events");
    source.addEventListener("hello", (e) => {
      const hello = JSON.parse(e.data);
      if (instance !== null && instance !== hello.instance) {
        // A new run of the server: the site may have changed while it was down.
        reload();
        return;
      }
      if (instance === null && generation !== null && generation !== String(hello.generation)) {
        reload();
        return;
      }
      instance = hello.instance;
      document.documentElement.dataset.bayanLive = "connected";
    });
    source.addEventListener("build", (e) => onBuild(JSON.parse(e.data)));
    source.addEventListener("error", () => {
      document.documentElement.dataset.bayanLive = "disconnected";
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    });
  };
  connect();
})();
