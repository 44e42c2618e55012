// Lint rules for the whole workspace: typescript-eslint's recommended set plus the house rules of STYLE.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import houseRules from "./scripts/eslint/house-rules.js";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", ".build/**", "bench/results/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        performance: "readonly",
        window: "readonly",
        document: "readonly",
        localStorage: "readonly",
        history: "readonly",
        location: "readonly",
        WebSocket: "readonly",
        customElements: "readonly",
        HTMLElement: "readonly",
        Event: "readonly",
        CustomEvent: "readonly",
        KeyboardEvent: "readonly",
        HTMLInputElement: "readonly",
        HTMLTextAreaElement: "readonly",
        HTMLSelectElement: "readonly",
        crypto: "readonly",
        navigator: "readonly",
        Response: "readonly",
        Request: "readonly",
        Headers: "readonly",
        ReadableStream: "readonly",
        URLSearchParams: "readonly",
        FormData: "readonly",
        Blob: "readonly",
        setImmediate: "readonly",
      },
    },
    plugins: { clawfleet: houseRules },
    rules: {
      "clawfleet/boundaries": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "TSEnumDeclaration",
          message: "Use a const object and a derived union (STYLE.md 7).",
        },
        {
          selector:
            "MemberExpression[property.name='message'] > TSAsExpression.object[typeAnnotation.typeName.name='Error']",
          message:
            "An unknown error is not always an Error: use errorMessage(error) from @clawfleet/core (or @clawfleet/core/errors in the UI).",
        },
      ],
      "no-console": "error",
    },
  },
  {
    files: ["**/*.test.ts", "test/**", "bench/**", "scripts/**", "src/cli/**", "**/ui/**"],
    rules: { "no-console": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
