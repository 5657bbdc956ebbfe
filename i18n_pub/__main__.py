from i18n_pub.cli import main

main()
