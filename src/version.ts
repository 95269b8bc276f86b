import pkg from "../package.json" with { type: "json" };

/** The product's version, as published in package.json. */
export const version: string = pkg.version;

/** The user agent every Outpost and GitHub request carries. */
export const userAgent = `outpost-gitops/${version}`;
