export const names: readonly string[] = ["ä", "b c", "d"] as const;
export default { names };
