namespace Socrates.Api.Tests.GitHub;

/// <summary>Repository contents the GitHub and import tests publish on the fake GitHub; each read is a fresh copy to change.</summary>
public static class SampleRepositories
{
    /// <summary>A TypeScript web shop with a README, a licence, tests, CI, a Dockerfile, vendored code and a lock file.</summary>
    public static Dictionary<string, string> WebApp => new()
    {
        ["README.md"] = "# Shop\n\n[![CI](https://example.com/badge.svg)](https://example.com)\n\nA small **shop** for selling tea online.\nIt has a cart.\n\n## Install\n\nnpm install\n",
        ["LICENSE"] = "MIT License\n\nCopyright (c) 2025 Tea\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software... THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n",
        ["package.json"] = """{ "name": "shop", "dependencies": { "react": "^18.2.0", "express": "^4.19.0" }, "devDependencies": { "jest": "^29.0.0" } }""",
        ["src/server.ts"] = "import express from 'express';\nconst app = express();\napp.listen(3000);\n" + new string('/', 2) + " server\n",
        ["src/App.tsx"] = "export function App() { return <div>Tea</div>; }\n",
        ["src/cart.test.ts"] = "test('adds', () => expect(1 + 1).toBe(2));\n",
        [".github/workflows/ci.yml"] = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
        ["Dockerfile"] = "FROM node:20\nCOPY . .\nCMD [\"node\", \"dist/server.js\"]\n",
        ["node_modules/left-pad/index.js"] = "module.exports = function leftPad() {};\n" + new string('x', 5000),
        ["package-lock.json"] = "{ \"lockfileVersion\": 3 }\n",
    };
}
