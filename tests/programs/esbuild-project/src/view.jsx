// JSX compiled with a tiny local factory, so the bundle needs no framework.
function h(tag, props, ...children) {
  const attrs = Object.entries(props || {})
    .map(([k, v]) => ` ${k}="${v}"`)
    .join("");
  return `<${tag}${attrs}>${children.flat().join("")}</${tag}>`;
}

/** @jsx h */
export function render(lines, title) {
  return (
    <section class="greetings">
      <h1>{title}</h1>
      <ul>
        {lines.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
    </section>
  );
}
