// imtacfg's language server in VS Code: the whole extension (with package.json beside it,
// `npm install vscode-languageclient`, then `npx vsce package`). A generic LSP client
// extension configured with the command `imtacfg lsp` and the same file patterns works too.
import { ExtensionContext } from "vscode";
import { LanguageClient } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export function activate(context: ExtensionContext) {
  client = new LanguageClient(
    "imtacfg",
    "imtacfg",
    { command: "imtacfg", args: ["lsp"] },
    {
      documentSelector: [
        {
          scheme: "file",
          pattern: "**/{imta.cnf,option.dat,*_option,imta_tailor,dispatcher.cnf,job_controller.cnf}",
        },
        { scheme: "untitled", language: "imta" },
      ],
    },
  );
  context.subscriptions.push(client);
  client.start();
}

export function deactivate() {
  return client?.stop();
}
