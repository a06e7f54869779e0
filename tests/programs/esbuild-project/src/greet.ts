export interface Person {
  name: string;
  id: number;
}

enum Punctuation {
  Plain = ".",
  Excited = "!",
}

export function greet(person: Person, greeting: string): string {
  const mark = person.id % 2 === 0 ? Punctuation.Excited : Punctuation.Plain;
  return `${greeting}, ${person.name} (#${person.id})${mark}`;
}
