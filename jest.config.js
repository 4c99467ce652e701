/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }],
  },
  // Sources import siblings as "./x.js" (what Node's ESM loader needs); jest
  // resolves those to the .ts files.
  // The examples import spindle by its package name: here, the sources (as tsconfig.json's paths say).
  moduleNameMapper: { "^spindle$": "<rootDir>/src/index.ts", "^spindle/(.*)$": "<rootDir>/src/$1.ts", "^(\\.{1,2}/.*)\\.js$": "$1" },
};
