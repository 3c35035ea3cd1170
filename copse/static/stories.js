// The story form, one part at a time: Back and Next between its parts (about the story, each cycle's step, who
// may read it, what happens next) and a step indicator. Without JavaScript the form is one page of sections, and
// it is shown whole when the server returned it with errors, so every message can be seen beside its field.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-story-form]");
  if (!form || form.querySelector(".error-summary")) return;
  const parts = Array.from(form.querySelectorAll("[data-story-part]"));
  const intro = form.querySelector("[data-story-intro]");
  const submit = form.querySelector("[data-story-submit]");
  if (parts.length < 2 || !submit) return;

  const nav = document.createElement("div");
  nav.className = "button-row story-nav";
  const back = document.createElement("button");
  back.type = "button";
  back.className = "secondary";
  back.textContent = "Back";
  const next = document.createElement("button");
  next.type = "button";
  next.textContent = "Next";
  nav.append(back, next);
  const progress = document.createElement("p");
  progress.className = "story-progress";
  progress.setAttribute("aria-live", "polite");
  parts[0].before(progress);
  submit.before(nav);
  form.classList.add("is-stepped");

  let current = 0;
  const show = (index, focus) => {
    current = index;
    parts.forEach((part, i) => { part.hidden = i !== index; });
    const heading = parts[index].querySelector("h2, h3");
    const isStep = parts[index].classList.contains("story-step-part");
    if (intro) intro.hidden = !isStep;
    progress.textContent = `Part ${index + 1} of ${parts.length}`;
    back.hidden = index === 0;
    next.hidden = index === parts.length - 1;
    submit.hidden = index !== parts.length - 1;
    if (focus && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  };
  back.addEventListener("click", () => show(Math.max(current - 1, 0), true));
  next.addEventListener("click", () => show(Math.min(current + 1, parts.length - 1), true));
  show(0, false);
});
