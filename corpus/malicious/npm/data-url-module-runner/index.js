export const grid = (n) => `repeat(${n}, 1fr)`;
