// The decision aid, one question at a time. Without JavaScript the whole tree is shown as
// nested lists; with it, that tree is hidden and this walks it with Back and Start again.
// Focus moves to each new question so screen reader users hear it; nothing is stored.
// Its words come from `data-kb-label-*` attributes on the section, in the page's language.
const root = document.querySelector("[data-kb-decision]");

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** The text of `data-kb-label-<name>` on the decision aid, with `{placeholders}` filled in. */
function label(name, values = {}) {
  const text = root.getAttribute(`data-kb-label-${name}`) ?? "";
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

if (root) {
  const data = JSON.parse(root.querySelector("[data-kb-decision-data]").textContent);
  const app = root.querySelector("[data-kb-decision-app]");
  const tree = root.querySelector("[data-kb-decision-tree]");
  const questions = new Map(data.questions.map((q) => [q.id, q]));
  const outcomes = new Map(data.outcomes.map((o) => [o.id, o]));
  /** The answers given so far: [{ question, label }]. */
  let path = [];
  let current = data.start;

  const button = (text, onClick, secondary = false) => {
    const b = element("button", { type: "button", className: secondary ? "kb-button kb-button--secondary" : "kb-button", textContent: text });
    b.addEventListener("click", onClick);
    return b;
  };

  const render = (moveFocus) => {
    app.replaceChildren();
    // The heading that receives focus comes first and says everything a screen reader user
    // needs: the question's number and text. The answers name it as their description.
    let heading;
    const question = questions.get(current);
    if (question) {
      heading = element("h3", {
        className: "kb-decision__question",
        id: "kb-decision-vraag",
        tabIndex: -1,
        textContent: `${label("question", { n: path.length + 1 })}: ${question.text}`,
      });
      app.append(heading);
      if (question.help) app.append(element("p", { id: "kb-decision-hulp", textContent: question.help }));
      const answers = element("ul", { className: "kb-decision__answers" });
      for (const answer of question.answers) {
        const b = button(answer.label, () => {
          path.push({ from: current, question: question.text, label: answer.label });
          current = answer.next;
          render(true);
        });
        b.setAttribute("aria-describedby", question.help ? "kb-decision-vraag kb-decision-hulp" : "kb-decision-vraag");
        answers.append(element("li", {}, [b]));
      }
      app.append(answers);
    } else {
      const outcome = outcomes.get(current);
      heading = element("h3", { className: "kb-decision__question", id: "kb-decision-vraag", tabIndex: -1, textContent: label("outcome", { title: outcome.title }) });
      const text = element("div");
      // The outcome text is HTML rendered at build time from the site's own markdown, with
      // raw HTML shown as text and unsafe links left out.
      text.innerHTML = outcome.text;
      app.append(heading, text);
      if (outcome.links.length > 0) {
        app.append(element("ul", {}, outcome.links.map((l) => element("li", {}, [element("a", { href: l.url, textContent: l.title })]))));
      }
    }
    if (path.length > 0) {
      const list = element("ol", {}, path.map((step) => element("li", { textContent: `${step.question}: ${step.label}` })));
      app.append(element("div", { className: "kb-decision__path" }, [element("p", { textContent: label("answers-so-far") }), list]));
    }
    const controls = element("div", { className: "kb-decision__controls" });
    if (path.length > 0) {
      controls.append(
        button(label("back"), () => {
          current = path.pop().from;
          render(true);
        }, true),
        button(label("restart"), () => {
          path = [];
          current = data.start;
          render(true);
        }, true),
      );
    }
    if (controls.children.length > 0) app.append(controls);
    if (moveFocus) heading.focus();
  };

  tree.hidden = true;
  app.hidden = false;
  render(false);
}
