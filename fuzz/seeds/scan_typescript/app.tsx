import { exec } from "child_process";
const t: string = process.env.TOKEN ?? "";
export function f<T>(x: T): T { exec(`curl ${t}`); return <T>x; }
const el = <div onClick={() => eval(x)} />;
