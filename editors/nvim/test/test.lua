-- Driven by run.sh: COPYDESK_BIN and WORKSPACE come from the environment.
local bin = os.getenv("COPYDESK_BIN")
local root = os.getenv("WORKSPACE")

local function finish(ok, msg)
  io.stdout:write((ok and "nvim test: ok" or "nvim test: FAIL: ") .. (msg or "") .. "\n")
  vim.cmd(ok and "qall!" or "cquit! 1")
end

local function check(cond, msg)
  if not cond then
    finish(false, msg)
    error(msg)
  end
end

-- The plugin under test, from this checkout.
vim.opt.runtimepath:prepend(os.getenv("PLUGIN_DIR"))
vim.cmd("runtime plugin/copydesk.lua")

local published = nil
local on_publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  if #result.diagnostics > 0 then
    published = result
  end
  return on_publish(err, result, ctx, config)
end

require("copydesk").setup({ cmd = { bin, "serve", "--stdio" }, debounce_ms = 0 })
vim.cmd("edit " .. root .. "/draft.md")
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "markdown", "filetype " .. vim.bo[buf].filetype)

local client_id = nil
check(vim.wait(10000, function()
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == "copydesk" then client_id = c.id end
  end
  return client_id ~= nil
end, 50), "the plugin did not attach copydesk to the buffer")

check(vim.wait(20000, function() return published ~= nil and #vim.diagnostic.get(buf) == 2 end, 50),
  "no diagnostics within 20 s")
local d = published.diagnostics[1]
check(d.code == "name-spelling" and d.source == "copydesk", "unexpected diagnostic " .. vim.inspect(d))
check(d.range.start.line == 2, "diagnostic on line " .. d.range.start.line)

local uri = vim.uri_from_bufnr(buf)
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover",
  { textDocument = { uri = uri }, position = { line = 2, character = 13 } }, 10000)
local card = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value or ""
check(card:find("did you mean", 1, true) and card:find("### Dana Okafor", 1, true), "hover card: " .. card)

local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = { uri = uri },
  range = d.range,
  context = { diagnostics = { d } },
}, 10000)
local list = actions and actions[client_id] and actions[client_id].result or {}
local preferred = nil
for _, a in ipairs(list) do
  if a.isPreferred then preferred = a end
end
check(preferred, "no preferred quick fix in " .. vim.inspect(list))
vim.lsp.util.apply_workspace_edit(preferred.edit, "utf-16")
local line = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
check(line == "Chief Dana Okafor praised the crews.", "buffer line after fix: " .. line)

-- The fixed buffer is re-checked: one diagnostic left.
check(vim.wait(10000, function() return #vim.diagnostic.get(buf) == 1 end, 50), "diagnostics not updated after the fix")

-- :CopydeskFacts opens the fact sheet for the workspace.
vim.cmd("cd " .. root)
vim.cmd("CopydeskFacts")
local sheet = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
check(sheet:find("# Fact sheet", 1, true) and sheet:find("Dana Okafor", 1, true), "fact sheet: " .. sheet:sub(1, 200))
finish(true)
