-- imtacfg's language server in Neovim's built-in client (Neovim 0.7 or later).
--
-- Copy this file to ~/.config/nvim/lua/imtacfg.lua and add to init.lua:
--   require('imtacfg').setup()
-- Options (all optional): cmd (default { 'imtacfg', 'lsp' }), patterns (file names to
-- attach to; add the names of your included files, such as 'internet.rules'), and any
-- other field of vim.lsp.start_client's configuration (on_attach, flags, ...).
-- One server serves every buffer: it finds each file's configuration directory itself.
local M = { client_id = nil, started = 0 }

M.patterns = {
  'imta.cnf', 'option.dat', '*_option', 'imta_tailor', 'dispatcher.cnf', 'job_controller.cnf',
}

function M.setup(opts)
  opts = opts or {}
  local patterns = opts.patterns or M.patterns
  local config = vim.tbl_extend('force', {
    name = 'imtacfg',
    cmd = { 'imtacfg', 'lsp' },
    root_dir = vim.fn.getcwd(),
  }, opts)
  config.patterns = nil
  -- Start another server only once this one has exited (a client still initializing is
  -- not yet "active", so asking Neovim whether it stopped would start one per buffer).
  local on_exit = config.on_exit
  config.on_exit = function(...)
    M.client_id = nil
    if on_exit then return on_exit(...) end
  end
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    pattern = patterns,
    callback = function(args)
      if not M.client_id then
        M.client_id = vim.lsp.start_client(config)
        M.started = M.started + 1
      end
      vim.lsp.buf_attach_client(args.buf, M.client_id)
    end,
  })
end

return M
