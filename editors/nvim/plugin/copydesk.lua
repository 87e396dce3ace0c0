-- User commands; the server starts only after require("copydesk").setup().
if vim.g.loaded_copydesk then
  return
end
vim.g.loaded_copydesk = true

vim.api.nvim_create_user_command("CopydeskFacts", function()
  require("copydesk").facts()
end, { desc = "Show the copydesk fact sheet for this workspace" })

vim.api.nvim_create_user_command("CopydeskRestart", function()
  require("copydesk").restart()
end, { desc = "Restart the copydesk language server" })
