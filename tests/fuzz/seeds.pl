#!/usr/bin/perl
# seeds.pl OUT-DIR: writes the fuzz targets' seed corpora under OUT-DIR/<target>/
# from files already in the repository (run from the repository root):
#   protocol  requests built from tests/corpus/posts.jsonl and the protocol
#             test pack, each with the target's mode byte (see fuzz_protocol.c)
#   frame     streams of those requests as native-messaging frames
#   text      the corpus posts' texts
#   pack      host/policies/*.json and every pack under tests/cases/
#   prefilter every `re:` line of the word lists, with a corpus post
#   image     tests/fuzz/image-seeds/* (tiny JPEG, PNG, WebP files, and
#             headers that claim 81 megapixels)
use strict;
use warnings;
use Encode qw(encode);
use JSON::PP;
use File::Path qw(make_path);
use File::Copy qw(copy);

my $out = shift or die "usage: seeds.pl OUT-DIR\n";
make_path("$out/$_") for qw(protocol frame text pack prefilter image);
for my $f (glob 'tests/fuzz/image-seeds/*') {
    copy($f, "$out/image/") or die "$f: $!\n";
}

sub put {
    my ($path, $bytes) = @_;
    open my $f, '>:raw', $path or die "$path: $!\n";
    print $f $bytes;
    close $f;
}

sub frame { return pack('L', length $_[0]) . $_[0]; }

my @posts;
open my $in, '<:raw', 'tests/corpus/posts.jsonl' or die "posts.jsonl: $!\n";
while (my $line = <$in>) {
    push @posts, JSON::PP->new->utf8->decode($line);
}
close $in;

my @requests = ('{"type":"hello","protocol":1,"id":"h"}', '{"type":"policies","id":2}',
                '{"type":"check","id":3,"policy":"nope","text":"x"}', '{"type":"bogus"}', '[1,2]');
my $n = 0;
for my $p (@posts) {
    last if $n >= 200;
    my $req = {type => 'check', id => $n, policy => $p->{pack},
               account => {kind => $p->{account}, handle => '@someone'},
               site => 'x.com', text => $p->{text}, now => '2026-11-23T10:15:00+00:00'};
    $req->{attachments} = [{kind => 'image', name => 'a.png', alt => 'pupils',
                            dhash => '00ff00ff00ff00ff'}] if $n % 10 == 0;
    my $bytes = JSON::PP->new->utf8->canonical->encode($req);
    push @requests, $bytes;
    my $text = encode('UTF-8', $p->{text});
    put("$out/text/post-$n", $text);
    put("$out/protocol/text-$n", "\x80" . $text);
    $n++;
}
for my $i (0 .. $#requests) {
    put("$out/protocol/req-$i", "\x00" . $requests[$i]);
    my $stream = join '', map { frame($requests[($i + $_) % @requests]) } 0 .. 2;
    put("$out/frame/stream-$i", $stream);
    put("$out/protocol/serve-$i", "\xC0" . $stream) if $i < 50;
}
put("$out/frame/oversize", pack('L', 0xFFFFFFF0) . 'x');
put("$out/frame/truncated", pack('L', 10) . 'abc');

my $k = 0;
for my $pack (glob('host/policies/*.json'), glob('tests/cases/*/*.json'),
              glob('tests/cases/*/*/*.json')) {
    copy($pack, "$out/pack/pack-$k") or die "$pack: $!\n";
    $k++;
}
my $r = 0;
for my $list (glob('host/policies/lists/*.txt')) {
    open(my $fh, '<:raw', $list) or die "$list: $!\n";
    while (my $line = <$fh>) {
        chomp $line;
        next unless $line =~ s/^re://;
        my $post = $r < @posts ? encode('UTF-8', $posts[$r]{text}) : 'x';
        put("$out/prefilter/re-$r", "$line\n$post");
        $r++;
    }
    close $fh;
}
print "seeds: $r list patterns, $n posts, ", scalar(@requests), " requests, $k packs\n";
