-- copydesk for Neovim: starts `copydesk serve --stdio` for Markdown and text
-- buffers. Works on Neovim 0.7 (vim.lsp.start_client) and 0.8+ (vim.lsp.start).
local M = {}

local defaults = {
  -- The server command; COPYDESK_SERVER overrides the default binary name.
  cmd = { vim.env.COPYDESK_SERVER or "copydesk", "serve", "--stdio" },
  filetypes = { "markdown", "text" },
  -- Corpus files or folders; empty means `corpus` from .copydesk.toml.
  corpus = {},
  -- Severity per rule: { ["name-spelling"] = "error", misquote = "off" }.
  rules = {},
  debounce_ms = 150,
  root_markers = { ".copydesk.toml", ".git" },
}

M.config = vim.deepcopy(defaults)

local function settings()
  return { corpus = M.config.corpus, rules = M.config.rules, debounceMs = M.config.debounce_ms }
end

local function find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then
      found = vim.fn.finddir(marker, dir .. ";")
    end
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h"):gsub("/%.git$", "")
    end
  end
  return dir
end

local function client_config(root)
  return {
    name = "copydesk",
    cmd = M.config.cmd,
    root_dir = root,
    init_options = settings(),
    settings = { copydesk = settings() },
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    handlers = {
      -- Answer workspace/configuration for the "copydesk" section.
      ["workspace/configuration"] = function(_, params)
        local out = {}
        for i, item in ipairs(params.items or {}) do
          out[i] = item.section == "copydesk" and settings() or vim.NIL
        end
        return out
      end,
    },
  }
end

-- Client ids by root directory, for Neovim 0.7 where vim.lsp.start is missing.
local clients = {}

function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    vim.notify_once(
      "copydesk: cannot run '" .. M.config.cmd[1] .. "'. Install it (cargo install --path .) or set cmd in setup().",
      vim.log.levels.ERROR
    )
    return
  end
  local root = find_root(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(client_config(root))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function copydesk_clients()
  local out = {}
  for _, c in pairs(vim.lsp.get_active_clients()) do
    if c.name == "copydesk" then
      table.insert(out, c)
    end
  end
  return out
end

function M.restart()
  local buffers = {}
  for _, c in ipairs(copydesk_clients()) do
    for bufnr, _ in pairs(c.attached_buffers or {}) do
      table.insert(buffers, bufnr)
    end
    c.stop()
  end
  clients = {}
  vim.defer_fn(function()
    for _, bufnr in ipairs(buffers) do
      if vim.api.nvim_buf_is_valid(bufnr) then
        M.attach(bufnr)
      end
    end
  end, 500)
end

-- The fact sheet (`copydesk facts`) for this buffer's workspace, in a scratch buffer.
function M.facts()
  local root = find_root(vim.api.nvim_get_current_buf())
  local cmd = { M.config.cmd[1], "facts" }
  for _, c in ipairs(M.config.corpus) do
    table.insert(cmd, "--corpus")
    table.insert(cmd, c)
  end
  local lines = vim.fn.systemlist(table.concat(vim.tbl_map(vim.fn.shellescape, cmd), " "), nil)
  if vim.v.shell_error ~= 0 then
    table.insert(lines, 1, "copydesk facts failed (exit " .. vim.v.shell_error .. "), run in " .. root .. ":")
  end
  vim.cmd("new")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = "markdown"
  vim.api.nvim_buf_set_name(buf, "copydesk://facts")
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
