// The copydesk extension: starts `copydesk serve --stdio` for Markdown and
// plain-text files and adds a status bar item, a fact sheet and re-indexing.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

/// Sent by the server as `copydesk/status` while and after it indexes.
interface ServerStatus {
  indexing: boolean;
  done?: number;
  total?: number;
  sources?: number;
  people?: number;
  events?: number;
  quotes?: number;
}

const FACTS_SCHEME = "copydesk-facts";
let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let factSheet = "";
const factSheetChanged = new vscode.EventEmitter<vscode.Uri>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  status = vscode.window.createStatusBarItem("copydesk.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "copydesk";
  status.command = "copydesk.showFactSheet";
  context.subscriptions.push(
    status,
    factSheetChanged,
    vscode.workspace.registerTextDocumentContentProvider(FACTS_SCHEME, {
      onDidChange: factSheetChanged.event,
      provideTextDocumentContent: () => factSheet,
    }),
    vscode.commands.registerCommand("copydesk.restartServer", restart),
    vscode.commands.registerCommand("copydesk.showFactSheet", showFactSheet),
    vscode.commands.registerCommand("copydesk.reindex", reindex),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server reads the other settings live; a new binary needs a new process.
      if (e.affectsConfiguration("copydesk.server.path")) {
        void restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("copydesk");
}

/// The settings the server understands, as sent in `initializationOptions`
/// and returned for `workspace/configuration` requests.
function serverSettings(): Record<string, unknown> {
  const c = config();
  return {
    corpus: c.get<string[]>("corpus", []),
    rules: c.get<Record<string, string>>("rules", {}),
    debounceMs: c.get<number>("debounceMs", 150),
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/// The server binary: the setting, then COPYDESK_SERVER, then `copydesk` on PATH.
export function findServer(): { path?: string; tried: string[] } {
  const tried: string[] = [];
  const configured = config().get<string>("server.path", "").trim();
  if (configured) {
    tried.push(`setting copydesk.server.path = ${configured}`);
    return isExecutable(configured) ? { path: configured, tried } : { tried };
  }
  const fromEnv = process.env.COPYDESK_SERVER?.trim();
  if (fromEnv) {
    tried.push(`COPYDESK_SERVER = ${fromEnv}`);
    if (isExecutable(fromEnv)) {
      return { path: fromEnv, tried };
    }
  }
  const exe = process.platform === "win32" ? "copydesk.exe" : "copydesk";
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, exe);
    if (isExecutable(candidate)) {
      return { path: candidate, tried };
    }
  }
  tried.push("copydesk on PATH");
  return { tried };
}

async function start(): Promise<void> {
  const server = findServer();
  if (!server.path) {
    status.text = "$(error) copydesk";
    status.tooltip = "copydesk server not found";
    status.show();
    const choice = await vscode.window.showErrorMessage(
      `copydesk: cannot find the copydesk server (tried ${server.tried.join("; ")}). ` +
        "Install it with `cargo install --path .` from a copydesk checkout, or set copydesk.server.path.",
      "Open settings",
    );
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.server.path");
    }
    return;
  }
  const serverOptions: ServerOptions = { command: server.path, args: ["serve", "--stdio"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: serverSettings(),
    synchronize: { configurationSection: "copydesk" },
    outputChannelName: "copydesk",
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for the "copydesk" section in the
        // shape the server reads, whatever VS Code's nesting of the keys.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, i) => (item.section === "copydesk" ? serverSettings() : answers[i]));
        },
      },
    },
  };
  client = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      status.text = "$(circle-slash) copydesk";
      status.tooltip = "copydesk server stopped";
    }
  });
  status.text = "$(sync~spin) copydesk";
  status.tooltip = "copydesk: starting";
  status.show();
  await client.start();
  client.onNotification("copydesk/status", (s: ServerStatus) => showStatus(s));
}

function plural(n: number | undefined, word: string): string {
  const count = n ?? 0;
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

let indexingProgress: { resolve: () => void; report: (message: string) => void } | undefined;

function showStatus(s: ServerStatus): void {
  if (s.indexing) {
    const done = s.total ? ` ${s.done ?? 0}/${s.total}` : "";
    status.text = `$(sync~spin) copydesk: indexing${done}`;
    status.tooltip = "copydesk is reading the corpus";
    if (!indexingProgress) {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: "copydesk: indexing corpus" },
        (progress) =>
          new Promise<void>((resolve) => {
            indexingProgress = { resolve, report: (message) => progress.report({ message }) };
          }),
      );
    }
    indexingProgress?.report(done.trim());
    return;
  }
  indexingProgress?.resolve();
  indexingProgress = undefined;
  const parts = [plural(s.people, "person").replace("persons", "people"), plural(s.events, "event"), plural(s.quotes, "quote")];
  status.text = `$(check) copydesk: ${parts.join(" · ")}`;
  status.tooltip = `copydesk knows ${parts.join(", ")} from ${plural(s.sources, "source")}. Click for the fact sheet.`;
}

async function restart(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
  await start();
}

async function reindex(): Promise<void> {
  if (!client) {
    await vscode.window.showWarningMessage("copydesk: the server is not running.");
    return;
  }
  await client.sendRequest(ExecuteCommandRequest.type, { command: "copydesk.server.reindex", arguments: [] });
}

function workspaceFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active ? vscode.workspace.getWorkspaceFolder(active) : vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}

/// `copydesk facts` for the workspace, opened as a read-only Markdown document.
async function showFactSheet(): Promise<void> {
  const server = findServer();
  const cwd = workspaceFolder();
  if (!server.path || !cwd) {
    await vscode.window.showErrorMessage("copydesk: the fact sheet needs the copydesk binary and an open folder.");
    return;
  }
  const args = ["facts"];
  for (const corpus of config().get<string[]>("corpus", [])) {
    args.push("--corpus", path.resolve(cwd, corpus));
  }
  factSheet = await new Promise<string>((resolve) => {
    execFile(server.path as string, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve(err ? `# Fact sheet unavailable\n\n\`\`\`\n${stderr || err.message}\n\`\`\`\n` : stdout);
    });
  });
  const uri = vscode.Uri.parse(`${FACTS_SCHEME}:Fact sheet.md`);
  factSheetChanged.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, "markdown");
  await vscode.window.showTextDocument(doc, { preview: true });
}
