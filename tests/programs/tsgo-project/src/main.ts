import { area, Box, Color, Shape } from "./shapes";
import * as data from "./data";

const shapes: Shape[] = [{ kind: "circle", r: 1 }, { kind: "square", side: 2 }];
const total = shapes.map(area).reduce((a, b) => a + b, 0);
const boxed = new Box(total).map(t => t.toFixed(2));
async function later(): Promise<string> { return `${boxed.get()} ${Color.Green} ${data.names.join(",")}`; }
later().then(s => console.log(s));
