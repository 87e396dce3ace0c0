-- For Neovim 0.11+: vim.lsp.enable("copydesk") picks this up from the runtimepath.
return {
  cmd = { vim.env.COPYDESK_SERVER or "copydesk", "serve", "--stdio" },
  filetypes = { "markdown", "text" },
  root_markers = { ".copydesk.toml", ".git" },
  init_options = { corpus = {}, rules = {}, debounceMs = 150 },
}
