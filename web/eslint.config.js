// ESLint for the web app (flat config): the recommended JavaScript and TypeScript rules, React's rules of hooks, and
// nothing that concerns layout, which Prettier owns (eslint-config-prettier turns those rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['target/', 'node_modules/', 'src/api/schema.d.ts'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    // The rules of hooks and their dependencies, and plugin v7's rules that catch what breaks under concurrent rendering
    // or costs a render: refs read or written during render, impure calls (Date.now) during render, state set
    // synchronously in an effect (derive it, or adjust it during render when an input changes), misused useMemo.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'react-hooks/refs': 'error',
      'react-hooks/purity': 'error',
      'react-hooks/set-state-in-effect': 'error',
      'react-hooks/use-memo': 'error',
    },
  },
  {
    // e2e scripts run in Node, and the callbacks they hand to page.evaluate run in the browser
    files: ['e2e/**/*.mjs', 'scripts/**/*.mjs', '*.js', '*.ts'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
);
