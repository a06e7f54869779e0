export type Shape = { kind: "circle"; r: number } | { kind: "square"; side: number };

export enum Color { Red, Green = "g", Blue = 7 }

export class Box<T> {
    constructor(private readonly value: T) {}
    map<U>(f: (v: T) => U): Box<U> { return new Box(f(this.value)); }
    get(): T { return this.value; }
}

export function area(s: Shape): number {
    switch (s.kind) {
    case "circle": return Math.PI * s.r ** 2;
    case "square": return s.side * s.side;
    }
}
