/** Get the visual width of a string - the number of columns required to display it. */
declare function stringWidth(string: string): number;
export = stringWidth;
