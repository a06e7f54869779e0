// The entry point: TypeScript importing TypeScript, JSX and JSON.
import { greet, type Person } from "./greet";
import { render } from "./view.jsx";
import config from "./config.json";

const people: Person[] = config.people.map((name, i) => ({ name, id: i + 1 }));

export function main(): string {
  const lines = people.map((p) => greet(p, config.greeting));
  return render(lines, config.title);
}

console.log(main());
