import { area } from "./shapes";
const n: number = "text";
area({ kind: "triangle", side: 1 });
export const unused = n;
