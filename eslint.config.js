import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nodePlugin from "eslint-plugin-n";

/** The Node.js API and ECMAScript built-ins a Node older than the one the code promises lacks. */
const unsupportedFeatures = {
  // Experimental is fine (readline/promises and util.styleText are, on Node 20); absent is not.
  "n/no-unsupported-features/node-builtins": ["error", { allowExperimental: true }],
  "n/no-unsupported-features/es-builtins": "error",
  "n/no-unsupported-features/es-syntax": "error",
};

export default tseslint.config(
  { ignores: ["dist/", "build/", "lib/", "node_modules/", "coverage/", "src/**/*.generated.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true },
      ],
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "it", "describe", "suite"] },
          ],
        },
      ],
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // What the npm package runs: on every Node its `engines` names (package.json), down to 20.
  {
    files: ["src/**/*.ts", "bin/**/*.js"],
    plugins: { n: nodePlugin },
    rules: unsupportedFeatures,
  },
  {
    files: ["bin/**/*.js"],
    languageOptions: {
      globals: nodePlugin.configs["flat/recommended-module"].languageOptions.globals,
    },
  },
  // The GitHub App's server needs node:sqlite (Node 22.13); the action runs on the runner's node24.
  {
    files: ["src/bot/**/*.ts"],
    settings: { n: { version: ">=22.13.0" } },
  },
  {
    files: ["src/action/**/*.ts"],
    settings: { n: { version: ">=24.0.0" } },
  },
);
